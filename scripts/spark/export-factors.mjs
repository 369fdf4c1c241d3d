#!/usr/bin/env node
// Writes a cinerec als/ials model's factors in the layouts Spark MLlib writes,
// for tests/fixtures/spark and for cross-checking `cinerec import-spark`: the
// same factors must give the same recommendations after the round trip.
//
//   node scripts/spark/export-factors.mjs --model MODEL --snapshot FILE --out DIR \
//     --layout parquet|json [--reg L] [--implicit --alpha A] [--max-iter N]
//
//   parquet: DIR/metadata/part-00000 (ALSModel's JSON metadata), DIR/itemFactors/
//            and DIR/userFactors/ with one snappy Parquet part each (id: int32
//            required, features: list<float>, Spark's schema), _SUCCESS markers
//   json:    DIR/part-00000-….json, JSON lines {"id", "features"} of the items,
//            as model.itemFactors.write.json(DIR) writes them
// and DIR/cinerec-spark.json, the estimator's parameters (what train_als.py writes).
// MODEL is a saved model (cinerec train --out); FILE the snapshot it was
// trained on (for the movie and user ids). Written with hyparquet-writer.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parquetWriteBuffer } from 'hyparquet-writer';

const { values: o } = parseArgs({
  options: {
    model: { type: 'string' }, snapshot: { type: 'string' }, out: { type: 'string' }, layout: { type: 'string', default: 'parquet' },
    reg: { type: 'string' }, implicit: { type: 'boolean', default: false }, alpha: { type: 'string' }, 'max-iter': { type: 'string' },
  },
});
for (const k of ['model', 'snapshot', 'out', 'reg']) if (!o[k]) throw new Error(`--${k} is required`);

// ---- the saved model (models/model_io.cpp, models/factors.cpp) -------------
function readModel(bytes) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const u32 = () => ((at += 4), v.getUint32(at - 4, true));
  const str = () => {
    const n = u32();
    at += n;
    return new TextDecoder().decode(bytes.subarray(at - n, at));
  };
  const f32 = () => ((at += 4), v.getFloat32(at - 4, true));
  const u64 = () => ((at += 8), Number(v.getBigUint64(at - 8, true)));
  const floats = (n) => Array.from({ length: n }, f32);
  if (u32() !== 0x444d5243) throw new Error(`${o.model}: not a cinerec model`);
  u32(); // format
  const name = str();
  const params = JSON.parse(str());
  if (name !== 'als' && name !== 'ials') throw new Error(`${o.model}: ${name}, expected als or ials`);
  f32(); f32(); // rating scale
  const mu = f32();
  const bu = floats(u64());
  const bi = floats(u64());
  if (mu !== 0 || bu.some((x) => x !== 0) || bi.some((x) => x !== 0)) throw new Error(`${o.model}: has biases; Spark's ALS has none (train with biased=false)`);
  const matrix = () => {
    const rows = u64(), cols = u64();
    return Array.from({ length: rows }, () => floats(cols));
  };
  return { name, params, P: matrix(), Q: matrix() };
}

// ---- ids from the snapshot (docs/snapshot-format.md: MOVI and RATE) --------
function snapshotIds(bytes) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sections = {};
  for (let s = 0, n = v.getUint32(12, true); s < n; s++) {
    const e = 24 + 24 * s;
    sections[new TextDecoder().decode(bytes.subarray(e, e + 4))] = Number(v.getBigUint64(e + 4, true));
  }
  let at;
  const uvarint = () => {
    let x = 0n, shift = 0n, b;
    do {
      b = bytes[at++];
      x |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    return x;
  };
  const svarint = () => {
    const z = uvarint();
    return z & 1n ? -(z >> 1n) - 1n : z >> 1n;
  };
  const deltas = (n) => {
    let id = 0n;
    return Array.from({ length: n }, () => Number((id += svarint())));
  };
  at = sections.MOVI;
  const movies = deltas(Number(uvarint()));
  at = sections.RATE;
  const users = Number(uvarint());
  uvarint();
  return { movies, users: deltas(users) };
}

const model = readModel(readFileSync(o.model));
const ids = snapshotIds(readFileSync(o.snapshot));
const rank = model.Q[0].length;
if (model.Q.length !== ids.movies.length) throw new Error(`${o.model}: ${model.Q.length} items, the snapshot ${ids.movies.length}`);
mkdirSync(o.out, { recursive: true });

const job = {
  rank,
  regParam: Number(o.reg),
  implicitPrefs: o.implicit,
  ...(o.implicit ? { alpha: Number(o.alpha) } : {}),
  maxIter: Number(o['max-iter'] ?? model.params.n_epochs ?? model.params.iterations),
  nonnegative: false,
};
writeFileSync(join(o.out, 'cinerec-spark.json'), JSON.stringify(job, null, 2) + '\n');

const part = 'part-00000-5b7e0f2c-9d1a-4c3e-8f61-2a4b6c8d0e1f-c000';
if (o.layout === 'json') {
  writeFileSync(join(o.out, `${part}.json`), ids.movies.map((id, i) => JSON.stringify({ id, features: model.Q[i] })).join('\n') + '\n');
  writeFileSync(join(o.out, '_SUCCESS'), '');
} else if (o.layout === 'parquet') {
  // What ALSModel.save writes (Spark 3.x): DefaultParamsWriter metadata, then
  // userFactors and itemFactors as DataFrames of (id int, features array<float>).
  mkdirSync(join(o.out, 'metadata'), { recursive: true });
  const meta = {
    class: 'org.apache.spark.ml.recommendation.ALSModel', timestamp: 1764633600000, sparkVersion: '3.5.1', uid: 'als_5b7e0f2c9d1a',
    paramMap: {}, defaultParamMap: { blockSize: 4096, predictionCol: 'prediction', itemCol: 'item', userCol: 'user', coldStartStrategy: 'nan' },
    rank,
  };
  writeFileSync(join(o.out, 'metadata', 'part-00000'), JSON.stringify(meta) + '\n');
  writeFileSync(join(o.out, 'metadata', '_SUCCESS'), '');
  const schema = [
    { name: 'spark_schema', num_children: 2 },
    { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
    { name: 'features', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
  ];
  for (const [side, rows, idList] of [['itemFactors', model.Q, ids.movies], ['userFactors', model.P, ids.users]]) {
    mkdirSync(join(o.out, side), { recursive: true });
    const buffer = parquetWriteBuffer({
      columnData: [{ name: 'id', data: idList.slice(0, rows.length) }, { name: 'features', data: rows }],
      schema,
      codec: 'SNAPPY',
      createdBy: 'parquet-mr version 1.13.1 (build db4183109d5b734ec5930d870cdae161e408ddba)',
    });
    writeFileSync(join(o.out, side, `${part}.snappy.parquet`), new Uint8Array(buffer));
    writeFileSync(join(o.out, side, '_SUCCESS'), '');
  }
} else {
  throw new Error(`--layout must be parquet or json, got ${o.layout}`);
}
process.stderr.write(`export-factors: ${o.layout} layout of ${model.name} (rank ${rank}, ${model.Q.length} items, ${model.P.length} users) in ${o.out}\n`);
