#!/usr/bin/env bash
# Surprise's ml-100k benchmark table, re-measured with cinerec's rating
# models at their default parameters (or a preset: `surprise` gives Surprise's
# own defaults where cinerec's differ) on the official u1–u5 folds.
# usage: bench/surprise-table.sh [build-dir] [protocol] [preset]   (prints Markdown)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cli="${1:-$here/build/native}/cinerec"
protocol="${2:-ml100k-folds}"
preset="${3:-default}"
data="$here/../shared/data/ml-100k"
# name | Surprise's published RMSE (ml-100k, its own random 5-fold CV, default parameters)
rows="svd 0.934
svdpp 0.919
nmf 0.963
slope-one 0.946
knn-basic 0.98
knn-means 0.951
knn-zscore -
knn-baseline 0.931
co-clustering 0.963
baseline 0.944
random 1.514"
echo "| algorithm | RMSE | MAE | Surprise RMSE | fit s/fold |"
echo "|---|---|---|---|---|"
while read -r algo s_rmse; do
  line=$("$cli" eval --data "$data" --algo "$algo" --protocol "$protocol" --preset "$preset" --k 1 2>/dev/null | awk '$1 == "mean"')
  rmse=$(echo "$line" | awk '{print $2}')
  mae=$(echo "$line" | awk '{print $3}')
  fit=$(echo "$line" | awk '{print $(NF-1)}')
  echo "| $algo | $rmse | $mae | $s_rmse | $fit |"
done <<< "$rows"
