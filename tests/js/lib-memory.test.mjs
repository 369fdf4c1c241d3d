// dispose() frees the worker and the wasm memory: 50 recommenders created
// (snapshot parsed, a model loaded, recommendations made) and disposed in a
// row leave the process's resident memory and thread count where they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createRecommender } from '../../web/lib/node.js';
import { missing, SNAPSHOT, QUICK, snapshotBytes } from './lib-helpers.mjs';

const reason = missing();
const skip = reason ? { skip: reason } : {};
if (reason) console.log(`# skipping web/lib memory test: ${reason}`);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const threads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
const rssMB = () => process.memoryUsage().rss / 2 ** 20;
const settle = async () => {
  for (let k = 0; k < 3; k++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function cycle(options, model) {
  const rec = await createRecommender({ snapshot: snapshotBytes(), model, ...options });
  const top = await rec.recommend({ ratings: [{ movieId: rec.movies.popular({ limit: 1 })[0].movieId, rating: 5 }], n: 5 });
  assert.equal(top.length, 5);
  rec.dispose();
}

test('create and dispose 50 worker-backed recommenders: memory and threads do not grow', { ...skip, timeout: 600_000 }, async () => {
  const first = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'svd', params: QUICK });
  const model = await first.saveModel();
  first.dispose();
  // Warm up (JIT, allocator pools), then measure.
  for (let k = 0; k < 5; k++) await cycle({}, model);
  await settle();
  const rss0 = rssMB();
  const threads0 = threads();
  const t0 = performance.now();
  for (let k = 0; k < 50; k++) await cycle({}, model);
  const perCycle = (performance.now() - t0) / 50;
  await settle();
  await new Promise((r) => setTimeout(r, 500)); // terminated workers' threads exit asynchronously
  const rss1 = rssMB();
  const threads1 = threads();
  console.log(`# 50 worker recommenders: rss ${rss0.toFixed(0)} → ${rss1.toFixed(0)} MB, threads ${threads0} → ${threads1}, ${perCycle.toFixed(0)} ms per create+recommend+dispose`);
  // One leaked worker would keep its wasm heap (> 30 MB) and its threads.
  assert.ok(threads1 <= threads0 + 2, `threads grew from ${threads0} to ${threads1}`);
  assert.ok(rss1 - rss0 < 100, `rss grew by ${(rss1 - rss0).toFixed(0)} MB`);
});

test('create and dispose 30 in-process recommenders: the wasm memory is released', { ...skip, timeout: 600_000 }, async () => {
  const first = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'svd', params: QUICK, worker: false });
  const model = await first.saveModel();
  first.dispose();
  for (let k = 0; k < 5; k++) await cycle({ worker: false }, model);
  await settle();
  const rss0 = rssMB();
  for (let k = 0; k < 30; k++) await cycle({ worker: false }, model);
  await settle();
  const rss1 = rssMB();
  console.log(`# 30 in-process recommenders: rss ${rss0.toFixed(0)} → ${rss1.toFixed(0)} MB`);
  assert.ok(rss1 - rss0 < 100, `rss grew by ${(rss1 - rss0).toFixed(0)} MB`);
});
