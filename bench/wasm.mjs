// The wasm figures of bench/README.md, measured in Node (V8, the engine of
// Chromium) on the real module web/wasm/cinerec.{js,wasm} through web/lib's
// engine (the code the worker runs, without the worker hop):
//   - compile + instantiate the module
//   - snapshot parse (Session.loadSnapshot, no catalogue export)
//   - fit times (svd on ml-latest-small, ease on ml-100k, ...)
//   - fold-in of a 20-rating profile + top-10 over the whole catalogue
// Prints one JSON object on stdout.
//
// usage: node bench/wasm.mjs --snapshot NAME=FILE ... [--fit NAME:ALGO[:JSONPARAMS]] ...
//                            [--recommend NAME:ALGO] ... [--repeat N] [--quick]
// Snapshots are named so fits and recommends can refer to them, e.g.
//   node bench/wasm.mjs --snapshot default=public/data/default.cinerec \
//     --snapshot mls=/tmp/mls.cinerec --fit mls:svd --recommend mls:svd
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSessionApi } from '../web/lib/session.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const many = (name) => argv.flatMap((a, i) => (a === `--${name}` ? [argv[i + 1]] : []));
const one = (name, def) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : def);
const quick = argv.includes('--quick');
const fitRepeat = Number(one('repeat', quick ? 1 : 3));

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    runs: s.length,
    min_ms: s[0],
    median_ms: s[Math.floor(s.length / 2)],
    p95_ms: s[Math.min(s.length - 1, Math.floor(0.95 * s.length))],
  };
};
const timeMany = (fn, runs) => {
  const out = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
};

const snapshots = Object.fromEntries(
  many('snapshot').map((s) => {
    const [name, file] = s.split(/=(.*)/s);
    return [name, { file, bytes: new Uint8Array(readFileSync(file)) }];
  }),
);

const out = {
  node: process.versions.node,
  v8: process.versions.v8,
  wasm_bytes: readFileSync(`${repo}web/wasm/cinerec.wasm`).length,
  loadavg_start: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
};

// ---------------------------------------------------------------- module
let t = performance.now();
const module = await WebAssembly.compile(readFileSync(`${repo}web/wasm/cinerec.wasm`));
out.compile_ms = performance.now() - t;
const api = createSessionApi();
t = performance.now();
await api.init({ module });
out.instantiate_ms = performance.now() - t;

// ---------------------------------------------------------------- parse
out.parse = {};
for (const [name, s] of Object.entries(snapshots)) {
  const info = api.loadSnapshot(s.bytes, false).info;
  const runs = timeMany(() => api.loadSnapshot(s.bytes, false), quick ? 10 : 30);
  out.parse[name] = { file: s.file, bytes: s.bytes.length, ratings: info.ratings, movies: info.movies, ...stats(runs) };
}

// ---------------------------------------------------------------- fit
const parseSpec = (spec) => {
  const [name, algo, ...rest] = spec.split(':');
  const params = rest.length ? JSON.parse(rest.join(':')) : {};
  if (!snapshots[name]) throw new Error(`unknown snapshot name ${name} in ${spec}`);
  return { name, algo, params };
};
out.fit = [];
for (const spec of many('fit')) {
  const { name, algo, params } = parseSpec(spec);
  api.loadSnapshot(snapshots[name].bytes, false);
  const wall = [];
  const inside = [];
  // One fit first, timed on its own: V8 runs new wasm code on its baseline
  // compiler (Liftoff) and swaps in its optimising compiler's code for hot
  // functions while they run, so the first fit of a page is slower than the
  // steady state that the native figures are compared with.
  let t0 = performance.now();
  let model = api.train(algo, params, 42, null);
  const first = performance.now() - t0;
  for (let k = 0; k < fitRepeat; k++) {
    t0 = performance.now();
    model = api.train(algo, params, 42, null);
    wall.push(performance.now() - t0);
    inside.push(model.trainSeconds * 1000);
  }
  out.fit.push({ snapshot: name, algorithm: algo, params: model.params ?? params, first_ms: first, ...stats(wall), inside_ms: stats(inside) });
}

// ---------------------------------------------------------------- fold-in + top-10
out.recommend = [];
for (const spec of many('recommend')) {
  const { name, algo, params } = parseSpec(spec);
  const { catalog } = api.loadSnapshot(snapshots[name].bytes, true);
  api.train(algo, params, 42, null);
  // Profiles of 20 ratings: every other of the 40 most rated movies (as in the
  // library's tests), and 20 random rated movies per run (seeded) so no two
  // runs score the same profile.
  const counts = catalog.ratingCounts;
  const order = [...counts.keys()].sort((a, b) => counts[b] - counts[a]);
  const rated = order.filter((i) => counts[i] > 0);
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const profiles = [Int32Array.from(order.slice(0, 40).filter((_, i) => i % 2 === 0))];
  for (let k = 0; k < 50; k++) {
    const set = new Set();
    while (set.size < 20) set.add(rated[Math.floor(rand() * Math.min(rated.length, 3000))]);
    profiles.push(Int32Array.from(set));
  }
  const ratingsOf = (items) => Float32Array.from(items, (_, i) => 1 + ((i * 7) % 9) / 2);
  const none = new Int32Array(0);
  const runs = quick ? 100 : 300;
  let p = 0;
  const next = () => profiles[p++ % profiles.length];
  timeMany(() => {
    const items = next();
    api.recommend(items, ratingsOf(items), 10, none, {}, false);
  }, 30); // warm-up
  const ms = timeMany(() => {
    const items = next();
    const r = api.recommend(items, ratingsOf(items), 10, none, {}, false);
    if (r.items.length !== 10) throw new Error('recommend returned ' + r.items.length + ' items');
  }, runs);
  out.recommend.push({ snapshot: name, algorithm: algo, profile_size: 20, n: 10, items: catalog.movieIds.length, ...stats(ms) });
}
api.dispose();
out.loadavg_end = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
console.log(JSON.stringify(out, null, 1));
