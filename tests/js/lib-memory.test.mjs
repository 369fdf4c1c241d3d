// dispose() frees the worker and the wasm memory: 50 recommenders created
// (snapshot parsed, a model loaded, recommendations made) and disposed in a
// row leave the process's resident memory and thread count where they were.
//
// What the RSS growth of such a loop in a default Node process is made of
// (measured with /proc/self/smaps and v8.getHeapSpaceStatistics, issue 13):
// nothing the recommenders keep. Old space, external memory and threads come
// back to where they were. The growth (20–40 MB over the first ~50 cycles,
// then flat) is (1) V8 sizing the main isolate's young generation up towards
// its cap (new space 5 → 25 MB, its pages kept in V8's page pool when it
// shrinks again), because each recommender's catalogue (about 1 MB of
// objects) survives a few scavenges; and (2) glibc's per-thread malloc
// arenas: each worker thread allocates in an arena that keeps its freed
// memory for the next thread (13 MB of the growth here; glibc makes up to
// 8 arenas per core). Both are bounded and reused. So the flat-RSS
// check runs in a child with both held fixed — the young generation pinned
// small (--max-semi-space-size=1) and one malloc arena (MALLOC_ARENA_MAX=1) —
// where a recommender that kept anything would show; the default process is
// measured too, and its growth reported with the young generation's part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { missing } from './lib-helpers.mjs';

const reason = missing();
const skip = reason ? { skip: reason } : {};
if (reason) console.log(`# skipping web/lib memory test: ${reason}`);

const child = fileURLToPath(new URL('./lib-memory-cycles.mjs', import.meta.url));
function measure(flags, env, args = []) {
  const out = execFileSync(process.execPath, [...flags, '--expose-gc', child, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 600_000,
  });
  return JSON.parse(out.trim().split('\n').pop());
}
const fmt = (r) =>
  `rss ${r.before.rss.toFixed(1)} → ${r.after.rss.toFixed(1)} MB, new space ${r.before.newSpace.toFixed(1)} → ${r.after.newSpace.toFixed(1)} MB, ` +
  `heap ${r.before.heapUsed.toFixed(1)} → ${r.after.heapUsed.toFixed(1)} MB, external ${r.before.external.toFixed(1)} → ${r.after.external.toFixed(1)} MB, ` +
  `threads ${r.before.threads} → ${r.after.threads}, ${r.msPerCycle.toFixed(0)} ms per cycle`;

test('50 worker-backed recommenders created and disposed: RSS flat within 5 MB, nothing kept', { ...skip, timeout: 900_000 }, () => {
  const r = measure(['--max-semi-space-size=1'], { MALLOC_ARENA_MAX: '1' }, ['--cycles', '50', '--warmup', '10']);
  console.log(`# 50 worker recommenders (young generation pinned, one malloc arena): ${fmt(r)}`);
  assert.ok(r.after.rss - r.before.rss < 5, `rss grew by ${(r.after.rss - r.before.rss).toFixed(1)} MB`);
  assert.ok(r.after.heapUsed - r.before.heapUsed < 1, 'the JS heap grew');
  assert.ok(r.after.external - r.before.external < 1, 'external memory (wasm, buffers) grew');
  assert.ok(r.after.threads <= r.before.threads + 1, `threads grew from ${r.before.threads} to ${r.after.threads}`);

  // The same in a default process: what grows is V8's young generation and malloc's arenas, bounded.
  const d = measure([], {}, ['--cycles', '50', '--warmup', '10']);
  const young = d.after.newSpace - d.before.newSpace;
  console.log(`# 50 worker recommenders (default Node): ${fmt(d)}; of the rss growth, ${young.toFixed(1)} MB is the young generation`);
  assert.ok(d.after.heapUsed - d.before.heapUsed < 1, 'the JS heap grew');
  assert.ok(d.after.external - d.before.external < 1, 'external memory (wasm, buffers) grew');
  assert.ok(d.after.threads <= d.before.threads + 1, `threads grew from ${d.before.threads} to ${d.after.threads}`);
  // Bounded by the young generation's cap (3 × 16 MB semi-spaces) and the arenas' count (8 per core).
  assert.ok(d.after.rss - d.before.rss < 64, `rss grew by ${(d.after.rss - d.before.rss).toFixed(1)} MB`);
});

test('30 in-process recommenders created and disposed: the wasm memory is released', { ...skip, timeout: 600_000 }, () => {
  const r = measure(['--max-semi-space-size=1'], { MALLOC_ARENA_MAX: '1' }, ['--cycles', '30', '--warmup', '10', '--in-process']);
  console.log(`# 30 in-process recommenders: ${fmt(r)}`);
  assert.ok(r.after.rss - r.before.rss < 5, `rss grew by ${(r.after.rss - r.before.rss).toFixed(1)} MB`);
  assert.ok(r.after.external - r.before.external < 1, 'external memory (wasm, buffers) grew');
});
