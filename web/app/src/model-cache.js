// Trained models kept on this device (IndexedDB, through the Store), so the
// next visit starts without training, within a budget:
//   - each model is stored gzip-compressed (CompressionStream, off the main
//     thread's critical path);
//   - a model still larger than MAX_MODEL_BYTES (EASE's dense item × item
//     weights: ~100 MB for 5,000 movies) is not stored: only its recipe
//     (algorithm, parameters, seed) is, and it is retrained when used;
//   - past TOTAL_BUDGET the least recently used models are evicted, never the
//     one in use.
// Records: { key, snapshot, algorithm, params, seed, trainSeconds, bytes
// (Uint8Array | null), encoding ('gzip' | 'raw'), size (bytes stored),
// rawSize, kept, createdAt, usedAt }. The same without the bytes is kept as
// an index in the settings (`modelIndex`), so listing, sizing and evicting
// never read megabytes of models back from IndexedDB on the main thread.

const meta = ({ bytes, ...rest }) => rest;

export const MAX_MODEL_BYTES = 8_000_000;
export const TOTAL_BUDGET = 24_000_000;

// Through a (de)compression stream in 256 KB pieces, yielding to the event
// loop between them: a whole 14 MB model in one piece is one ~800 ms task.
const PIECE = 256 * 1024;
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
async function pipe(bytes, stream) {
  const out = new Response(stream.readable).arrayBuffer();
  const writer = stream.writable.getWriter();
  for (let i = 0; i < bytes.byteLength; i += PIECE) {
    await writer.write(bytes.subarray(i, i + PIECE));
    await nextTask();
  }
  await writer.close();
  return new Uint8Array(await out);
}

const canCompress = () => typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

export class ModelCache {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
  }

  /** The index: key → the record without its bytes (built once from older stores). */
  async #index() {
    let index = this.store.settings.modelIndex;
    if (!index || typeof index !== 'object') {
      index = {};
      for (const r of await this.store.listModels().catch(() => [])) index[r.key] = meta(r);
      // Nothing to index writes nothing: after "Delete all my data" no record is left behind.
      if (Object.keys(index).length) await this.#saveIndex(index);
    }
    return index;
  }

  #saveIndex(index) {
    return this.store.setSetting('modelIndex', index).catch(() => {});
  }

  /** Keeps a trained model (or only its recipe when too large); returns the record. */
  async put({ key, snapshot, algorithm, params, seed, trainSeconds, bytes }, { inUse = key } = {}) {
    let stored = null;
    let encoding = 'raw';
    // Floats compress little (10–20%): one far over the limit is not worth compressing.
    if (bytes.byteLength <= 2 * MAX_MODEL_BYTES) {
      stored = bytes;
      if (canCompress()) {
        try {
          const packed = await pipe(bytes, new CompressionStream('gzip'));
          if (packed.byteLength < bytes.byteLength) {
            stored = packed;
            encoding = 'gzip';
          }
        } catch {
          /* keep it raw */
        }
      }
      if (stored.byteLength > MAX_MODEL_BYTES) stored = null;
    }
    const now = Date.now();
    const record = {
      key,
      snapshot,
      algorithm,
      params,
      seed,
      trainSeconds: trainSeconds ?? null,
      bytes: stored,
      encoding: stored ? encoding : null,
      size: stored ? stored.byteLength : 0,
      rawSize: bytes.byteLength,
      kept: stored != null,
      createdAt: now,
      usedAt: now,
    };
    await this.store.putModel(record);
    const index = { ...(await this.#index()), [key]: meta(record) };
    await this.#saveIndex(index);
    await this.evict(inUse);
    return record;
  }

  /** The record for a key (with its bytes), or undefined. */
  async record(key) {
    return this.store.getModel(key).catch(() => undefined);
  }

  /** The model's bytes (decompressed), or null when only its recipe is kept. */
  async bytes(record) {
    if (!record?.bytes) return null;
    const stored = record.bytes instanceof Uint8Array ? record.bytes : new Uint8Array(record.bytes);
    const bytes = record.encoding === 'gzip' ? await pipe(stored, new DecompressionStream('gzip')) : stored;
    const index = await this.#index();
    if (index[record.key]) await this.#saveIndex({ ...index, [record.key]: { ...index[record.key], usedAt: Date.now() } });
    return bytes;
  }

  /** Every record without its bytes, most recently used first. */
  async list() {
    const all = Object.values(await this.#index());
    return all.sort((a, b) => (b.usedAt ?? b.createdAt) - (a.usedAt ?? a.createdAt));
  }

  async delete(key) {
    await this.store.deleteModel(key);
    const { [key]: _gone, ...rest } = await this.#index();
    await this.#saveIndex(rest);
  }

  /** Bytes stored by every kept model. */
  async total() {
    return (await this.list()).reduce((s, r) => s + (r.kept === false ? 0 : r.size ?? 0), 0);
  }

  /** Drops the least recently used models until the total fits TOTAL_BUDGET (never `inUse`: a key or a list of keys). */
  async evict(inUse) {
    const keep = new Set([inUse].flat());
    const all = await this.list();
    let total = all.reduce((s, r) => s + (r.size ?? 0), 0);
    const evicted = [];
    for (const r of [...all].reverse()) {
      if (total <= TOTAL_BUDGET) break;
      if (keep.has(r.key) || !r.size) continue;
      await this.delete(r.key);
      total -= r.size;
      evicted.push(r);
    }
    return evicted;
  }
}

/** "3.7 MB", "812 KB". */
export function fmtBytes(n) {
  if (!n) return '0 KB';
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)} MB`;
  return `${Math.max(1, Math.round(n / 1e3))} KB`;
}
