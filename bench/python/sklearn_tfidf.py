#!/usr/bin/env python3
"""The scikit-learn baseline for content similarity: TF-IDF over genres and
title words of every movie, then a dense cosine_similarity matrix and the 20
most similar movies per movie. Prints JSON {seconds, matrix_mib, movies}.
Usage: python3 bench/python/sklearn_tfidf.py ../shared/data/ml-latest-small"""
import csv, json, re, sys, time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

folder = sys.argv[1]
docs = []
with open(f"{folder}/movies.csv", newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        genres = " ".join("g_" + g.replace("-", "").replace(" ", "") for g in row["genres"].split("|"))
        docs.append(genres + " " + re.sub(r"\(\d{4}\)\s*$", "", row["title"]).lower())
start = time.perf_counter()
X = TfidfVectorizer().fit_transform(docs)
S = cosine_similarity(X)  # dense n x n
np.fill_diagonal(S, -1)
top = np.argpartition(-S, 20, axis=1)[:, :20]
seconds = time.perf_counter() - start
print(json.dumps({"seconds": round(seconds, 3), "matrix_mib": round(S.nbytes / 2**20, 1), "movies": len(docs)}))
