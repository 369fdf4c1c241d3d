#!/usr/bin/env node
// Reads the factors Spark MLlib's ALSModel.save(path) wrote and prints them as
// JSON lines, the layout `model.itemFactors.write.json(path)` writes:
//   {"id": 10, "features": [0.1, ...]}
// one per line, after a first line {"spark": {...metadata...}, "file": "..."}
// per Parquet file ({"spark": null} when the folder has no metadata/).
// `cinerec import-spark` runs it for the Parquet layout; Parquet is read with
// hyparquet (pure JS, https://github.com/hyparam/hyparquet) and its
// compressors (snappy, gzip, zstd, brotli, lz4: what Spark may write).
//
//   node scripts/spark/read-factors.mjs DIR [itemFactors|userFactors]
//
// Errors: one line on stderr naming the file (and the row) and why; exit 1.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

function fail(message) {
  process.stderr.write(`import-spark: ${message}\n`);
  process.exit(1);
}

const [dir, side = 'itemFactors'] = process.argv.slice(2);
if (!dir) fail('usage: read-factors.mjs DIR [itemFactors|userFactors]');
if (side !== 'itemFactors' && side !== 'userFactors') fail(`expected itemFactors or userFactors, got ${side}`);

let spark = null;
const metaFile = join(dir, 'metadata', 'part-00000');
if (existsSync(metaFile)) {
  try {
    spark = JSON.parse(readFileSync(metaFile, 'utf8').split('\n')[0]);
  } catch (err) {
    fail(`${metaFile}: not JSON (${err.message})`);
  }
}
const folder = join(dir, side);
if (!existsSync(folder) || !statSync(folder).isDirectory()) fail(`${folder}: no such folder (expected ALSModel.save's ${side}/)`);
// Spark's part files; _SUCCESS and the .crc checksums are not data.
const parts = readdirSync(folder).filter((f) => f.startsWith('part-') && f.endsWith('.parquet')).sort();
if (!parts.length) fail(`${folder}: no part-*.parquet files`);

const out = [];
for (const name of parts) {
  const file = join(folder, name);
  const bytes = readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let rows;
  try {
    const columns = parquetMetadata(buffer).schema.map((s) => s.name);
    if (!columns.includes('id') || !columns.includes('features'))
      fail(`${file}: expected the columns id and features (Spark's ${side}), found ${columns.slice(1).join(', ')}`);
    rows = await parquetReadObjects({ file: buffer, columns: ['id', 'features'], compressors });
  } catch (err) {
    fail(`${file}: not a Parquet file Spark wrote (${err.message})`);
  }
  out.push(JSON.stringify({ spark, file }));
  rows.forEach((row, r) => {
    if (!Number.isInteger(row.id)) fail(`${file}: row ${r + 1}: id ${JSON.stringify(row.id)} is not an integer`);
    if (!Array.isArray(row.features) || row.features.some((x) => typeof x !== 'number' || !Number.isFinite(x)))
      fail(`${file}: row ${r + 1} (id ${row.id}): features is not an array of finite numbers`);
    out.push(JSON.stringify({ id: row.id, features: row.features }));
  });
}
process.stdout.write(out.join('\n') + '\n');
