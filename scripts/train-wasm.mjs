// Trains a model in the wasm core — what a browser would train — and writes
// its saved-model bytes (the format `cinerec snapshot --model` and
// rec.loadModel read). WebAssembly's arithmetic is the same on every machine,
// so the bytes are too; a native build with -march=native is not (the
// default snapshot must be rebuilt byte for byte anywhere:
// scripts/make-default-snapshot.sh, tests/js/snapshot-reproducible.test.mjs).
//   node scripts/train-wasm.mjs --snapshot FILE --algo NAME [--seed 42] --out MODEL
// Needs web/wasm/cinerec.wasm (bash scripts/build.sh wasm).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRecommender } from '../web/lib/node.js';

const { values } = parseArgs({ options: { snapshot: { type: 'string' }, algo: { type: 'string' }, seed: { type: 'string', default: '42' }, out: { type: 'string' } } });
if (!values.snapshot || !values.algo || !values.out) {
  console.error('usage: node scripts/train-wasm.mjs --snapshot FILE --algo NAME [--seed 42] --out MODEL');
  process.exit(2);
}
const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) {
  console.error(`train-wasm: --seed must be a whole number ≥ 0, not ${values.seed}`);
  process.exit(2);
}
let snapshot;
try {
  snapshot = readFileSync(values.snapshot);
} catch (err) {
  console.error(`train-wasm: cannot read ${values.snapshot}: ${err.message}`);
  process.exit(1);
}
const rec = await createRecommender({ snapshot, algorithm: values.algo, seed, worker: false });
try {
  const bytes = await rec.saveModel();
  writeFileSync(`${values.out}.tmp`, bytes);
  renameSync(`${values.out}.tmp`, values.out);
  console.error(`train-wasm: ${values.algo} (seed ${seed}) trained in ${rec.model.trainSeconds?.toFixed(2) ?? '?'} s → ${values.out}, ${bytes.length} bytes`);
} finally {
  rec.dispose();
}
