// What the default model (ltr) costs where it runs: fit on the default
// snapshot in wasm (in-process, the code a worker runs) and natively, and
// fold-in + top-10 for a 20-rating profile. Medians of --runs fits (default
// 3); CPU time beside wall time, because the machine is shared and the wall
// clock then says more about the neighbours than about the model.
//   node bench/ltr-fit.mjs [--runs 3] [--params '{"hidden":32}'] [--native build/native/cinerec]
// Needs web/wasm/cinerec.{js,wasm} (scripts/build.sh wasm) and the native CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSessionApi } from '../web/lib/session.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const runs = Number(opt('runs', '3'));
const params = JSON.parse(opt('params', '{}'));
const native = opt('native', join(repo, 'build/native/cinerec'));
const SNAPSHOT = join(repo, 'public/data/default.cinerec');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

console.log(`Machine: ${cpus()[0].model}, ${cpus().length} cores; Node ${process.versions.node}. Load average at start: ${load()}.`);
console.log(`ltr parameters: ${JSON.stringify(params)} (the rest default), seed 42, default snapshot.`);

const api = createSessionApi();
await api.init({ module: await WebAssembly.compile(readFileSync(join(repo, 'web/wasm/cinerec.wasm'))) });
const { catalog } = api.loadSnapshot(new Uint8Array(readFileSync(SNAPSHOT)), true);
const wall = [];
const cpu = [];
for (let k = 0; k < runs; k++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  api.train('ltr', params, 42, null);
  wall.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
// A 20-rating profile: every other of the 40 most rated movies.
const order = [...catalog.ratingCounts.keys()].sort((a, b) => catalog.ratingCounts[b] - catalog.ratingCounts[a]);
const items = Int32Array.from(order.slice(0, 40).filter((_, i) => i % 2 === 0));
const ratings = Float32Array.from(items, (_, i) => 1 + ((i * 7) % 9) / 2);
const none = new Int32Array(0);
for (let k = 0; k < 10; k++) api.recommend(items, ratings, 10, none, {}, false);
const fold = [];
for (let k = 0; k < 100; k++) {
  const t0 = performance.now();
  api.recommend(items, ratings, 10, none, {}, false);
  fold.push(performance.now() - t0);
}
api.dispose();

let nativeLine = 'native: (no binary)';
if (existsSync(native)) {
  const dir = mkdtempSync(join(tmpdir(), 'ltr-fit-'));
  const nw = [];
  const nc = [];
  const paramArgs = Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${JSON.stringify(v)}`]);
  for (let k = 0; k < runs; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    execFileSync(native, ['train', '--data', SNAPSHOT, '--algo', 'ltr', ...paramArgs, '--seed', '42', '--out', join(dir, 'm')], { stdio: 'ignore' });
    nw.push(performance.now() - t0);
    // Children's CPU: read it from /proc/self/stat (cutime, cstime), in clock ticks.
    const stat = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    nc.push((Number(stat[13]) + Number(stat[14])) * 10); // cumulative ms at 100 ticks/s
  }
  rmSync(dir, { recursive: true, force: true });
  const perRun = nc.map((x, k) => x - (k ? nc[k - 1] : 0));
  nativeLine = `native fit: ${s(median(nw))} wall, ${s(median(perRun))} CPU (median of ${runs})`;
}

console.log(`| what | median |`);
console.log(`|---|---:|`);
console.log(`| wasm fit, wall | ${s(median(wall))} (runs: ${wall.map(s).join(', ')}) |`);
console.log(`| wasm fit, CPU of the process | ${s(median(cpu))} |`);
console.log(`| wasm fold-in + top-10, 20-rating profile | ${median(fold).toFixed(2)} ms |`);
console.log(`| ${nativeLine} | |`);
console.log(`Load average at the end: ${load()}.`);
