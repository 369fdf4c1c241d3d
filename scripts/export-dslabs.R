#!/usr/bin/env Rscript
# Exports dslabs::movielens (a 2016 copy of MovieLens ml-latest-small: 100,004
# ratings, 671 users, 9,066 movies) to a folder in the ml-latest CSV layout, so
# that `cinerec snapshot --from DIR` reads it like any MovieLens folder:
#
#   movies.csv   "movieId","title","year","genres"     one row per movie, by movieId
#   ratings.csv  "userId","movieId","rating","timestamp" by userId, then movieId
#
# dslabs has already split the year off the title ("Deer Hunter, The", 1978),
# so the year gets its own column, which the reader prefers to parsing the
# title. Seven rows of five movies have NA title and year in dslabs; they are
# written empty. Strings are quoted, quotes doubled (RFC 4180), UTF-8.
#
# usage: Rscript scripts/export-dslabs.R OUT_DIR
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) {
  message("usage: Rscript scripts/export-dslabs.R OUT_DIR")
  quit(status = 2)
}
out <- args[[1]]
if (!requireNamespace("dslabs", quietly = TRUE)) {
  message("export-dslabs: the R package dslabs is missing (Debian: apt-get install r-cran-dslabs)")
  quit(status = 1)
}
options(scipen = 100)  # never write 1e+05 for a movieId
data("movielens", package = "dslabs", envir = environment())
ml <- movielens

movies <- unique(data.frame(
  movieId = ml$movieId,
  title = as.character(ml$title),
  year = ml$year,
  genres = as.character(ml$genres),
  stringsAsFactors = FALSE))
movies <- movies[order(movies$movieId), ]
if (anyDuplicated(movies$movieId)) stop("dslabs::movielens has a movie with two titles, years or genre lists")

ratings <- data.frame(userId = ml$userId, movieId = ml$movieId, rating = ml$rating, timestamp = ml$timestamp)
ratings <- ratings[order(ratings$userId, ratings$movieId), ]

dir.create(out, recursive = TRUE, showWarnings = FALSE)
write.csv(movies, file.path(out, "movies.csv"), row.names = FALSE, na = "", fileEncoding = "UTF-8")
write.csv(ratings, file.path(out, "ratings.csv"), row.names = FALSE, na = "", fileEncoding = "UTF-8")
message(sprintf("export-dslabs: %d ratings, %d users, %d movies (dslabs %s) -> %s",
                nrow(ratings), length(unique(ratings$userId)), nrow(movies),
                as.character(utils::packageVersion("dslabs")), out))
