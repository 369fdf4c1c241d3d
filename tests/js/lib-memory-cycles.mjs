// The measuring child of lib-memory.test.mjs: creates, uses and disposes
// recommenders in a row and prints one JSON line of what the process holds
// before and after the measured cycles (after a full GC each time).
//   node --expose-gc tests/js/lib-memory-cycles.mjs [--cycles 50] [--warmup 10] [--in-process]
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { createRecommender } from '../../web/lib/node.js';
import { SNAPSHOT, QUICK, snapshotBytes } from './lib-helpers.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const cycles = arg('--cycles', 50);
const warmup = arg('--warmup', 10);
const options = process.argv.includes('--in-process') ? { worker: false } : {};

const threads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
const MB = 2 ** 20;
const space = (name) => v8.getHeapSpaceStatistics().find((s) => s.space_name === name)?.physical_space_size / MB;
async function sample() {
  for (let k = 0; k < 3; k++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 500)); // terminated workers' threads exit asynchronously
  const m = process.memoryUsage();
  return {
    rss: m.rss / MB,
    heapUsed: m.heapUsed / MB,
    external: m.external / MB,
    newSpace: space('new_space'),
    threads: threads(),
  };
}

const first = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'svd', params: QUICK, ...options });
const model = await first.saveModel();
first.dispose();
async function cycle() {
  const rec = await createRecommender({ snapshot: snapshotBytes(), model, ...options });
  const top = await rec.recommend({ ratings: [{ movieId: rec.movies.popular({ limit: 1 })[0].movieId, rating: 5 }], n: 5 });
  if (top.length !== 5) throw new Error(`expected 5 recommendations, got ${top.length}`);
  rec.dispose();
}
for (let k = 0; k < warmup; k++) await cycle();
const before = await sample();
const t0 = performance.now();
for (let k = 0; k < cycles; k++) await cycle();
const msPerCycle = (performance.now() - t0) / cycles;
const after = await sample();
console.log(JSON.stringify({ cycles, warmup, msPerCycle, before, after }));
