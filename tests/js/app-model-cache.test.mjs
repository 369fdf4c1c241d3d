// The app's saved models (web/app/src/model-cache.js) on an in-memory store:
// compressed, a model too large to keep leaves only its recipe, and past the
// budget the least recently used go first — never the one in use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MAX_MODEL_BYTES, ModelCache, TOTAL_BUDGET, fmtBytes } from '../../web/app/src/model-cache.js';

// The Store's model methods (web/app/src/store.js), without IndexedDB.
class MemoryStore {
  models = new Map();
  settings = {};
  reads = 0; // whole-store reads (listModels)
  async setSetting(key, value) {
    this.settings[key] = structuredClone(value);
  }
  async putModel(r) {
    this.models.set(r.key, structuredClone(r));
  }
  async getModel(key) {
    return structuredClone(this.models.get(key));
  }
  async listModels() {
    this.reads++;
    return [...this.models.values()].map((r) => structuredClone(r));
  }
  async deleteModel(key) {
    this.models.delete(key);
  }
}

// Bytes that do not compress, as model weights hardly do.
const noise = (n) => new Uint8Array(randomBytes(n));

const record = (key, bytes) => ({ key, snapshot: 's', algorithm: key, params: {}, seed: 42, trainSeconds: 1, bytes });

test('a model is stored compressed and comes back byte for byte', async () => {
  const cache = new ModelCache(new MemoryStore());
  const bytes = new Uint8Array(200_000);
  bytes.set(noise(50_000), 0); // a quarter noise, the rest zeros: compresses well
  const r = await cache.put(record('svd', bytes));
  assert.equal(r.kept, true);
  assert.equal(r.encoding, 'gzip');
  assert.ok(r.size < bytes.byteLength / 2, `${r.size} bytes stored for ${bytes.byteLength}`);
  assert.equal(r.rawSize, bytes.byteLength);
  assert.deepEqual(await cache.bytes(await cache.record('svd')), bytes);
});

test('a model over the limit even compressed keeps only its recipe', async () => {
  const cache = new ModelCache(new MemoryStore());
  const r = await cache.put(record('ease', noise(MAX_MODEL_BYTES + 1_000_000)));
  assert.equal(r.kept, false);
  assert.equal(r.size, 0);
  assert.equal(r.bytes, null);
  assert.equal(await cache.bytes(await cache.record('ease')), null);
  assert.equal(await cache.total(), 0);
  // A dense n×n far over it is not even compressed.
  const huge = await cache.put(record('ease-big', new Uint8Array(3 * MAX_MODEL_BYTES)));
  assert.equal(huge.kept, false);
});

test('past the budget the least recently used go first, never the one in use', async () => {
  const store = new MemoryStore();
  const cache = new ModelCache(store);
  const size = Math.floor(MAX_MODEL_BYTES * 0.9);
  const n = Math.ceil(TOTAL_BUDGET / size) + 2;
  for (let i = 0; i < n; i++) {
    await cache.put(record(`m${i}`, noise(size)), { inUse: 'm0' });
    // Distinct times: the most recent is the last put.
    store.settings.modelIndex[`m${i}`] = { ...store.settings.modelIndex[`m${i}`], usedAt: 1000 + i, createdAt: 1000 + i };
  }
  await cache.evict('m0');
  const kept = [...store.models.keys()];
  assert.ok(kept.includes('m0'), 'the model in use stays');
  assert.ok(kept.includes(`m${n - 1}`), 'the newest stays');
  assert.ok(!kept.includes('m1'), 'the oldest not in use goes');
  assert.ok((await cache.total()) <= TOTAL_BUDGET, `${await cache.total()} > ${TOTAL_BUDGET}`);
  // Listing, sizing and evicting read the index, never every model's bytes
  // (one read of the empty store built the index at the first put).
  assert.equal(store.reads, 1);
  assert.deepEqual(Object.keys(store.settings.modelIndex).sort(), [...store.models.keys()].sort());
  assert.ok(Object.values(store.settings.modelIndex).every((r) => !('bytes' in r)));
  assert.equal(fmtBytes(3_670_000), '3.7 MB');
  assert.equal(fmtBytes(812_000), '812 KB');
});

test('an older store without an index is indexed once, from its records', async () => {
  const store = new MemoryStore();
  store.models.set('old', { key: 'old', algorithm: 'svd', bytes: new Uint8Array(10), size: 10, createdAt: 5 });
  const cache = new ModelCache(store);
  assert.deepEqual((await cache.list()).map((r) => [r.key, r.size, 'bytes' in r]), [['old', 10, false]]);
  await cache.list();
  assert.equal(store.reads, 1);
});
