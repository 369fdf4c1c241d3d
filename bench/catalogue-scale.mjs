// Issue 12's catalogue at MovieLens-25M scale, in wasm (Node runs the wasm a
// browser runs): bytes on the wire, snapshot parse with its embedded model,
// and fold-in + top-10 over every movie for a 20-rating profile. The page
// figure (load → first recommendations in Chromium) is bench/first-recs.mjs
// --snapshot FILE; bench/catalogue-scale.sh runs everything in order.
//   node bench/catalogue-scale.mjs FILE.cinerec
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createSessionApi } from '../web/lib/session.js';
import { popularProfile } from './profile.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/catalogue-scale.mjs FILE.cinerec');
  process.exit(2);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const time = (fn, runs) => Array.from({ length: runs }, () => {
  const t = performance.now();
  fn();
  return performance.now() - t;
});
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;

const bytes = new Uint8Array(readFileSync(file));
const gz = gzipSync(bytes, { level: 9 }).length;
const api = createSessionApi();
const module = await WebAssembly.compile(readFileSync(fileURLToPath(new URL('../web/wasm/cinerec.wasm', import.meta.url))));
await api.init({ module });

const parse = time(() => api.loadSnapshot(bytes, false), 3);
let t = performance.now();
const { info, model, catalog } = api.loadSnapshot(bytes, true);
const parseWithCatalogue = performance.now() - t;
if (!model) throw new Error(`${file}: the snapshot carries no model (build it with cinerec snapshot --model)`);

const { items, ratings } = popularProfile(catalog);
const none = new Int32Array(0);
time(() => api.recommend(items, ratings, 10, none, {}, false), 20); // warm up
const fold = time(() => api.recommend(items, ratings, 10, none, {}, false), 200);
const foldReasons = time(() => api.recommend(items, ratings, 10, none, {}, true), 50);
const top = api.recommend(items, ratings, 10, none, {}, false);
if (top.items.length !== 10) throw new Error(`expected 10 recommendations, got ${top.items.length}`);

console.log(`Catalogue ${basename(file)}: ${info.movies.toLocaleString('en')} movies, ${info.ratings.toLocaleString('en')} ratings summarised (${info.users.toLocaleString('en')} people), model ${model.algorithm}.`);
console.log(`Machine: ${cpus()[0].model}, ${cpus().length} cores; Node ${process.versions.node}; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}.`);
console.log('');
console.log('| what | figure |');
console.log('|---|---:|');
console.log(`| snapshot bytes | ${bytes.length.toLocaleString('en')} (${mb(bytes.length)}) |`);
console.log(`| gzip -9 (what the preview server sends) | ${gz.toLocaleString('en')} (${mb(gz)}) |`);
console.log(`| parse + model load, wasm (median of 3) | ${median(parse).toFixed(0)} ms |`);
console.log(`| … and the catalogue to JS | ${parseWithCatalogue.toFixed(0)} ms |`);
console.log(`| fold-in + top-10 over all ${info.movies.toLocaleString('en')} movies, 20 ratings (median of 200; p95) | ${median(fold).toFixed(2)} ms; ${p95(fold).toFixed(2)} ms |`);
console.log(`| … with reasons (median of 50) | ${median(foldReasons).toFixed(2)} ms |`);
api.dispose();
