#!/usr/bin/env python3
"""Train Spark MLlib ALS on a MovieLens ratings file, for `cinerec import-spark`.

The cluster route for catalogues past one machine (scripts/spark/README.md):

    spark-submit scripts/spark/train_als.py --ratings ratings.csv --out model/ \
        [--rank 64] [--reg 0.05] [--max-iter 15] [--implicit --alpha 1.0] [--seed 42]

writes
    model/                     ALSModel.save(): metadata/, userFactors/, itemFactors/ (Parquet)
    model/cinerec-spark.json   the estimator's parameters, which ALSModel's metadata does
                               not keep (regParam, implicitPrefs, alpha, maxIter, nonnegative)
and, with --json-factors DIR, model.itemFactors.write.json(DIR) too.

Then:  cinerec import-spark --from model/ --data ml-25m/ --out als.model
       cinerec snapshot --from ml-25m/ --model als.model --ratings none --factors i8 --out catalogue.cinerec

It was not run where cinerec is developed (no Spark there); the import is
tested against fixture files written in ALSModel's exact layouts
(tests/fixtures/spark, scripts/spark/export-factors.mjs).
"""
import argparse
import json
import os

from pyspark.ml.recommendation import ALS
from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ratings", required=True, help="MovieLens ratings.csv (userId,movieId,rating,timestamp)")
    p.add_argument("--out", required=True, help="folder for ALSModel.save (must not exist)")
    p.add_argument("--rank", type=int, default=64)
    p.add_argument("--reg", type=float, default=0.05, help="regParam λ; Spark scales it by each row's rating count")
    p.add_argument("--max-iter", type=int, default=15)
    p.add_argument("--implicit", action="store_true", help="implicitPrefs: confidence 1 + alpha * rating")
    p.add_argument("--alpha", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--json-factors", help="also write itemFactors as JSON lines here")
    a = p.parse_args()

    spark = SparkSession.builder.appName("cinerec-train-als").getOrCreate()
    ratings = (
        spark.read.option("header", True).csv(a.ratings)
        .select(F.col("userId").cast("int").alias("user"), F.col("movieId").cast("int").alias("item"),
                F.col("rating").cast("float").alias("rating"))
    )
    als = ALS(rank=a.rank, regParam=a.reg, maxIter=a.max_iter, implicitPrefs=a.implicit, alpha=a.alpha,
              nonnegative=False, seed=a.seed, userCol="user", itemCol="item", ratingCol="rating",
              coldStartStrategy="drop")
    model = als.fit(ratings)
    model.save(a.out)
    sidecar = {
        "rank": a.rank, "regParam": a.reg, "implicitPrefs": a.implicit, "maxIter": a.max_iter,
        "nonnegative": False, "seed": a.seed, "ratings": os.path.abspath(a.ratings),
    }
    if a.implicit:
        sidecar["alpha"] = a.alpha
    # ALSModel.save wrote through Hadoop's filesystem; for a local or mounted path this is beside it.
    with open(os.path.join(a.out, "cinerec-spark.json"), "w") as f:
        json.dump(sidecar, f, indent=2)
    if a.json_factors:
        model.itemFactors.write.json(a.json_factors)
        with open(os.path.join(a.json_factors, "cinerec-spark.json"), "w") as f:
            json.dump(sidecar, f, indent=2)
    spark.stop()


if __name__ == "__main__":
    main()
