// Figures for the library (bench/README-lib.md): bytes shipped, snapshot parse
// in wasm, fold-in + top-10, svd fit in wasm vs native. Prints markdown.
//   npm run build:lib && node bench/lib-bench.mjs [--native build/native/cinerec]
// Node runs the same wasm a browser runs (V8); timings are medians.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { createSessionApi } from '../web/lib/session.js';
import { createRecommender } from '../web/lib/node.js';
import { popularProfile } from './profile.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const nativeArg = args.indexOf('--native');
const native = nativeArg >= 0 ? args[nativeArg + 1] : join(repo, 'build/native/cinerec');
const SNAPSHOT = join(repo, 'public/data/default.cinerec');
const dist = join(repo, 'dist/lib');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (x) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
function time(fn, runs) {
  const out = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

const lines = [];
const say = (s = '') => lines.push(s);

say(`Machine: ${cpus()[0].model}, ${cpus().length} cores; Node ${process.versions.node} (V8 ${process.versions.v8}).`);
say(`Load average while measuring: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}.`);
say();

// ---------------------------------------------------------------- bytes
if (existsSync(join(dist, 'index.js'))) {
  const shipped = {};
  const imports = (file) => [...readFileSync(join(dist, file), 'utf8').matchAll(/from\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1]);
  const closure = (file, seen = new Set()) => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const f of imports(file)) closure(f, seen);
    return seen;
  };
  const rows = [
    ['main thread JS (index.js + chunks)', [...closure('index.js')]],
    ['worker JS (worker.js, incl. Emscripten glue + Comlink)', ['worker.js']],
    ['wasm (cinerec.wasm)', ['cinerec.wasm']],
    ['custom element (element.js, on top of index.js)', ['element.js']],
    ['default snapshot (default.cinerec)', ['default.cinerec']],
  ];
  say('| what a browser downloads | raw | gzip -9 | brotli |');
  say('|---|---:|---:|---:|');
  let total = [0, 0, 0];
  for (const [name, files] of rows) {
    const buf = Buffer.concat(files.map((f) => readFileSync(join(dist, f))));
    const g = gzipSync(buf, { level: 9 }).length;
    const b = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    say(`| ${name} | ${kb(buf.length)} | ${kb(g)} | ${kb(b)} |`);
    if (!name.startsWith('custom') && !name.startsWith('default')) total = [total[0] + buf.length, total[1] + g, total[2] + b];
    shipped[name] = buf.length;
  }
  say(`| **wasm + JS (API use)** | **${kb(total[0])}** | **${kb(total[1])}** | **${kb(total[2])}** |`);
  say();
} else say('(dist/lib missing: run npm run build:lib for the size table)\n');

// ---------------------------------------------------------------- wasm, in-process
const bytes = new Uint8Array(readFileSync(SNAPSHOT));
const api = createSessionApi();
const wasmBytes = readFileSync(join(repo, 'web/wasm/cinerec.wasm'));
let t = performance.now();
const module = await WebAssembly.compile(wasmBytes);
const compileMs = performance.now() - t;
t = performance.now();
await api.init({ module });
const instMs = performance.now() - t;
const parse = time(() => api.loadSnapshot(bytes, false), 15);
const parseAndCatalog = time(() => api.loadSnapshot(bytes, true), 15);
const fits = [];
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  api.train('svd', {}, 42, null);
  fits.push(performance.now() - t0);
}
// A 20-rating profile: every other of the 40 most rated movies.
const { catalog } = api.loadSnapshot(bytes, true);
api.train('svd', {}, 42, null);
const { items, ratings } = popularProfile(catalog);
const none = new Int32Array(0);
time(() => api.recommend(items, ratings, 10, none, {}, false), 50); // warm up
const fold = time(() => api.recommend(items, ratings, 10, none, {}, false), 300);
const foldReasons = time(() => api.recommend(items, ratings, 10, none, {}, true), 50);
api.dispose();

// ---------------------------------------------------------------- through the API (worker round trip)
const rec = await createRecommender({ snapshotUrl: SNAPSHOT, seed: 42 });
const profile = Array.from(items, (i, k) => ({ movieId: catalog.movieIds[i], rating: ratings[k] }));
for (let k = 0; k < 20; k++) await rec.recommend({ ratings: profile, n: 10, reasons: false });
const viaApi = [];
for (let k = 0; k < 100; k++) {
  const t0 = performance.now();
  await rec.recommend({ ratings: profile, n: 10, reasons: false });
  viaApi.push(performance.now() - t0);
}
const viaApiReasons = [];
for (let k = 0; k < 30; k++) {
  const t0 = performance.now();
  await rec.recommend({ ratings: profile, n: 10 });
  viaApiReasons.push(performance.now() - t0);
}
rec.movies.search('warm');
const words = ['godfathr', 'matrx', 'terminatr', 'jurasic', 'forrest', 'titanc', 'incepton', 'gladiatr', 'braveheat', 'shawshank'];
const search = words.map((w) => time(() => rec.movies.search(w), 1)[0]);
rec.dispose();

// ---------------------------------------------------------------- native
let nativeFit = null;
let nativeRec = null;
let nativeParse = null;
try {
  const run = (a) => JSON.parse(execFileSync(native, ['bench', ...a], { encoding: 'utf8' }));
  nativeFit = run(['fit', '--data', SNAPSHOT, '--algo', 'svd', '--repeat', '3']).fit.median_seconds * 1000;
  nativeRec = run(['recommend', '--data', SNAPSHOT, '--algo', 'svd', '--profile-size', '20', '--n', '10']).recommend;
  nativeParse = run(['snapshot', '--data', SNAPSHOT, '--repeat', '15']).snapshot.median_seconds * 1000;
} catch (err) {
  say(`(native figures unavailable: ${String(err.message).split('\n')[0]})\n`);
}

say('| measurement (default snapshot: 9,066 movies, 671 users, 100,004 ratings) | wasm (Node/V8) | native |');
say('|---|---:|---:|');
say(`| compile + instantiate the wasm module | ${ms(compileMs)} + ${ms(instMs)} | – |`);
say(`| parse the snapshot (read_snapshot via Session.loadSnapshot), median of 15 | ${ms(median(parse))} | ${nativeParse ? ms(nativeParse) : '–'} |`);
say(`| parse + export the catalogue as typed arrays, median of 15 | ${ms(median(parseAndCatalog))} | – |`);
say(`| fold-in + top-10, 20-rating profile, svd (Session.recommend), median / p95 of 300 | ${ms(median(fold))} / ${ms(p95(fold))} | ${nativeRec ? ms((nativeRec.median_seconds ?? nativeRec.median_seconds_per_call) * 1000) : '–'} |`);
say(`| the same with a reason per movie (10 explains), median of 50 | ${ms(median(foldReasons))} | – |`);
say(`| rec.recommend() through the worker (round trip, no reasons), median / p95 of 100 | ${ms(median(viaApi))} / ${ms(p95(viaApi))} | – |`);
say(`| rec.recommend() through the worker with reasons, median of 30 | ${ms(median(viaApiReasons))} | – |`);
say(`| svd fit, defaults (100 factors, 20 epochs), median of 3 | ${ms(median(fits))} | ${nativeFit ? ms(nativeFit) : '–'} |`);
say(`| rec.movies.search(), a new typo'd word, median of ${words.length} (main thread) | ${ms(median(search))} | – |`);
console.log(lines.join('\n'));
if (nativeRec) console.error('native recommend JSON:', JSON.stringify(nativeRec));
