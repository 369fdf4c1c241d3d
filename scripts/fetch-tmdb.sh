#!/usr/bin/env bash
# Saves TMDb's own response for each movie of a MovieLens folder, for
# `cinerec snapshot --from ML_DIR --tmdb OUT_DIR` (docs/data.md "Cast, crew and
# plot from TMDb"). Build time only: the app and the library never talk to TMDb.
#
#   TMDB_API_KEY=...  scripts/fetch-tmdb.sh ML_DIR OUT_DIR [--limit N] [--delay SECONDS]
#   TMDB_TOKEN=...    scripts/fetch-tmdb.sh ML_DIR OUT_DIR      (a v4 read access token)
#
# For every distinct tmdbId of ML_DIR/links.csv it asks
#   GET {TMDB_API_BASE}/movie/{id}?append_to_response=credits,keywords&language=en-US
# and writes the body unchanged to OUT_DIR/{id}.json (written to a temporary
# file and renamed, so an interrupted run leaves no half file). Files already
# there are not asked again: run it again to resume. A 404 (a movie TMDb no
# longer has) is saved too, as TMDb's error body, so it is not asked again;
# the snapshot build counts it as "an error response". On 429 it waits as
# Retry-After says and asks again.
#
# It stops at once, before writing anything, with a one-line message when
# there is no key, when TMDb cannot be reached (offline, DNS, proxy), or when
# TMDb refuses the key. TMDb's terms apply to what it saves: attribution, no
# redistribution of the responses (keep OUT_DIR out of the repository).
#
# Environment: TMDB_API_KEY (v3 key, sent as api_key=) or TMDB_TOKEN (v4 token,
# sent as a Bearer header); TMDB_API_BASE (default https://api.themoviedb.org/3,
# the tests point it at a local server).
set -euo pipefail

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}
die() {
  echo "fetch-tmdb: $*" >&2
  exit 1
}

ml_dir=""
out_dir=""
limit=0
delay=0.03  # about 30 requests a second, under TMDb's rate limit
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage 0 ;;
    --limit) [ $# -ge 2 ] || die "--limit needs a number"; limit="$2"; shift 2 ;;
    --delay) [ $# -ge 2 ] || die "--delay needs seconds"; delay="$2"; shift 2 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *)
      if [ -z "$ml_dir" ]; then ml_dir="$1"
      elif [ -z "$out_dir" ]; then out_dir="$1"
      else die "one MovieLens folder and one output folder, got a third argument '$1'"; fi
      shift ;;
  esac
done
[ -n "$ml_dir" ] && [ -n "$out_dir" ] || usage
[[ "$limit" =~ ^[0-9]+$ ]] || die "--limit must be a whole number, got '$limit'"
[[ "$delay" =~ ^[0-9]*\.?[0-9]+$ ]] || die "--delay must be a number of seconds, got '$delay'"
command -v curl >/dev/null || die "needs curl"

links="$ml_dir/links.csv"
[ -f "$links" ] || die "$links: no such file (a MovieLens ml-latest(-small), ml-20m or ml-25m folder has one)"
header="$(head -n 1 "$links" | tr -d '\r')"
[ "$header" = "movieId,imdbId,tmdbId" ] || die "$links:1: expected the header 'movieId,imdbId,tmdbId', got '$header'"

base="${TMDB_API_BASE:-https://api.themoviedb.org/3}"
auth=()
key_param=""
if [ -n "${TMDB_TOKEN:-}" ]; then
  auth=(-H "Authorization: Bearer $TMDB_TOKEN")
elif [ -n "${TMDB_API_KEY:-}" ]; then
  [[ "$TMDB_API_KEY" =~ ^[A-Za-z0-9]+$ ]] || die "TMDB_API_KEY holds characters a TMDb key does not have"
  key_param="api_key=$TMDB_API_KEY&"
else
  die "no TMDb key: set TMDB_API_KEY (v3 key) or TMDB_TOKEN (v4 read access token), from https://www.themoviedb.org/settings/api"
fi

# get URL FILE → HTTP status on stdout (000 when TMDb could not be reached).
get() {
  curl -sS --connect-timeout 10 --max-time 60 ${auth[@]+"${auth[@]}"} -H "Accept: application/json" \
    -o "$2" -D "$2.headers" -w '%{http_code}' "$1" 2>"$2.err" || true
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# One request before anything else: offline, a wrong key and a wrong base stop here.
status="$(get "$base/configuration?${key_param%&}" "$tmp/probe")"
case "$status" in
  200) ;;
  000) die "cannot reach $base ($(head -c 200 "$tmp/probe.err" | tr '\n' ' ')): offline or behind a proxy? Nothing was fetched." ;;
  401) die "TMDb refused the key (401): check TMDB_API_KEY / TMDB_TOKEN. Nothing was fetched." ;;
  *) die "$base/configuration answered HTTP $status, expected 200. Nothing was fetched." ;;
esac

mkdir -p "$out_dir"
# The distinct tmdbIds (third column; MovieLens leaves it empty for a few movies).
mapfile -t ids < <(tail -n +2 "$links" | tr -d '\r' | cut -d, -f3 | grep -E '^[0-9]+$' | sort -un)
[ "${#ids[@]}" -gt 0 ] || die "$links has no tmdbId"

fetched=0
kept=0
missing=0
failed=0
for id in "${ids[@]}"; do
  if [ "$limit" -gt 0 ] && [ "$fetched" -ge "$limit" ]; then break; fi
  if [ -s "$out_dir/$id.json" ]; then
    kept=$((kept + 1))
    continue
  fi
  url="$base/movie/$id?${key_param}append_to_response=credits,keywords&language=en-US"
  for attempt in 1 2 3 4 5; do
    status="$(get "$url" "$tmp/body")"
    [ "$status" = 429 ] || break
    wait_s="$(tr -d '\r' <"$tmp/body.headers" | awk -F': ' 'tolower($1) == "retry-after" {print $2}' | tail -n 1)"
    [[ "$wait_s" =~ ^[0-9]+$ ]] || wait_s=$((attempt * 2))
    sleep "$wait_s"
  done
  fetched=$((fetched + 1))
  case "$status" in
    200 | 404)
      mv "$tmp/body" "$out_dir/$id.json.part"
      mv "$out_dir/$id.json.part" "$out_dir/$id.json"
      [ "$status" = 404 ] && missing=$((missing + 1))
      ;;
    000) die "lost the connection to $base at movie $id after $fetched requests; run again to resume" ;;
    401) die "TMDb refused the key (401) at movie $id; run again to resume" ;;
    *)
      failed=$((failed + 1))
      echo "fetch-tmdb: movie $id: HTTP $status, not saved" >&2
      ;;
  esac
  sleep "$delay"
done
echo "fetch-tmdb: ${#ids[@]} TMDb ids in $links; asked $fetched (${missing} not found at TMDb, $failed failed), $kept already in $out_dir"
[ "$failed" -eq 0 ]
