// The main-thread side of the library, shared by the browser entry
// (index.js) and the Node entry (node.js), which differ only in their
// `platform`: how bytes are fetched and how a worker is started.
// docs/api.md is the contract; the worker side is engine.js.
import { Comlink } from './rpc.js';
import { Movies } from './catalog.js';
import { CinerecError, abortedError, throwIfAborted, toCinerecError } from './errors.js';

// ------------------------------------------------------------------ backends

// The engine in a worker: calls go through Comlink; terminate() kills the
// worker (and its wasm memory) at once, which is how long calls are cancelled.
class WorkerBackend {
  constructor(handle) {
    this.handle = handle;
    this.remote = Comlink.wrap(handle.endpoint);
    this.inFlight = 0;
    this.dead = new Promise((_, reject) => (this.kill = reject));
    this.dead.catch(() => {});
    handle.failed.then(null, (err) => this.kill(err));
  }
  callback(fn) {
    return Comlink.proxy(fn);
  }
  async call(method, args, transfer = []) {
    if (this.inFlight++ === 0) this.handle.ref?.();
    try {
      const payload = transfer.length ? args.map((a, i) => (i === 0 ? Comlink.transfer(a, transfer) : a)) : args;
      return await Promise.race([this.remote[method](...payload), this.dead]);
    } finally {
      if (--this.inFlight === 0) this.handle.unref?.();
    }
  }
  terminate(reason) {
    this.kill(reason ?? new CinerecError('DISPOSED', 'the recommender was disposed'));
    try {
      this.remote[Comlink.releaseProxy]();
    } catch {
      /* already gone */
    }
    this.handle.terminate();
  }
}

// The engine on this thread (no Worker available, or worker: false). Calls
// block while they run; an abort is seen by the progress callback.
// engine.js (with the Emscripten glue) is loaded only for this mode; the
// worker has its own copy.
class InProcessBackend {
  static async create() {
    const backend = new InProcessBackend();
    const { createEngineApi } = await import('./engine.js');
    backend.api = createEngineApi();
    return backend;
  }
  constructor() {
    this.api = null;
    this.inProcess = true;
  }
  callback(fn) {
    return fn;
  }
  async call(method, args) {
    if (!this.api) throw new CinerecError('DISPOSED', 'the recommender was disposed');
    return this.api[method](...args);
  }
  terminate() {
    this.api?.dispose();
    this.api = null;
  }
}

// ------------------------------------------------------------------ helpers

function invalid(message) {
  return new CinerecError('INVALID_ARGUMENT', message);
}

function optionalInt(value, name, min = -Infinity) {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < min)
    throw invalid(`${name} must be an integer${min > -Infinity ? ` >= ${min}` : ''}, got ${JSON.stringify(value)}`);
  return value;
}

function plainObject(value, name) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${name} must be an object`);
  return value;
}

function checkSignal(signal) {
  if (signal !== undefined && signal !== null && (typeof signal !== 'object' || typeof signal.aborted !== 'boolean'))
    throw invalid('signal must be an AbortSignal');
  return signal ?? undefined;
}

function checkCallback(fn, name) {
  if (fn !== undefined && fn !== null && typeof fn !== 'function') throw invalid(`${name} must be a function`);
  return fn ?? undefined;
}

// A rating at or above this counts as liked when choosing a reason.
const LIKED = 3.5;
const stars = (r) => `${Number.isInteger(r) ? r : r.toFixed(1)}★`;

function toBytes(value, name) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw invalid(`${name} must be a Uint8Array or an ArrayBuffer`);
}

// ------------------------------------------------------------------ Recommender

export class Recommender {
  #platform;
  #options;
  #wasm; // compiled WebAssembly.Module, kept to restart the worker
  #snapshot; // snapshot bytes, kept to restart the worker
  #backend = null;
  #queue = Promise.resolve();
  #model = null;
  #modelBytes = null; // bytes of #model once saved (for a restart)
  #disposed = false;
  #broken = null;

  /** @internal use createRecommender */
  constructor(platform, options, wasm, snapshot) {
    this.#platform = platform;
    this.#options = options;
    this.#wasm = wasm;
    this.#snapshot = snapshot;
    this.movies = null;
    this.algorithms = [];
    this.snapshotInfo = null;
  }

  get model() {
    return this.#model;
  }

  get disposed() {
    return this.#disposed;
  }

  /** @internal */
  async _start(signal) {
    this.#backend = await this.#newBackend(signal);
    const { info, catalog } = await this.#backend.call('loadSnapshot', [this.#snapshot.slice(), true]);
    this.snapshotInfo = Object.freeze(info);
    this.movies = new Movies(catalog);
    this.algorithms = Object.freeze((await this.#backend.call('algorithms', [])).map((a) => Object.freeze(a)));
  }

  async #newBackend(signal) {
    const useWorker = this.#options.worker !== false && this.#platform.canSpawnWorker;
    if (!useWorker) {
      const backend = await InProcessBackend.create();
      await backend.call('init', [{ module: this.#wasm }]);
      return backend;
    }
    let handle;
    try {
      handle = this.#platform.spawnWorker(this.#options.workerUrl);
    } catch (err) {
      throw toCinerecError(err, 'WASM_LOAD_FAILED', 'could not start the worker: ');
    }
    const backend = new WorkerBackend(handle);
    const onAbort = () => backend.terminate(abortedError(signal, 'loading the recommender'));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await backend.call('init', [{ module: this.#wasm }]);
    } catch (err) {
      backend.terminate(err);
      throw toCinerecError(err, 'WASM_LOAD_FAILED', 'the worker failed to start: ');
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    handle.started = true;
    return backend;
  }

  // Runs task(backend) after every earlier call (one at a time, in order).
  #enqueue(task) {
    const run = this.#queue.then(async () => {
      if (this.#disposed) throw new CinerecError('DISPOSED', 'the recommender was disposed');
      if (this.#broken) throw this.#broken;
      return task(this.#backend);
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  #alive() {
    if (this.#disposed) throw new CinerecError('DISPOSED', 'the recommender was disposed');
  }

  async #call(method, args, transfer) {
    return this.#enqueue(async (backend) => {
      try {
        return await backend.call(method, args, transfer);
      } catch (err) {
        const e = toCinerecError(err);
        // A wasm trap or a dead worker: start a fresh one for the next call.
        if (!(err instanceof CinerecError) && !this.#disposed && !backend.inProcess) await this.#restart();
        throw e;
      }
    });
  }

  // A new worker with the same snapshot and model (after an abort or a crash).
  async #restart() {
    try {
      this.#backend.terminate(new CinerecError('ABORTED', 'the worker was restarted'));
      const backend = await this.#newBackend();
      if (this.#disposed) return backend.terminate();
      await backend.call('loadSnapshot', [this.#snapshot.slice(), false]);
      if (this.#modelBytes) await backend.call('loadModel', [this.#modelBytes.slice()]);
      if (this.#disposed) return backend.terminate();
      this.#backend = backend;
    } catch (err) {
      this.#broken = toCinerecError(err, 'INTERNAL', 'could not restart the worker: ');
    }
  }

  // train and evaluate: long calls that an AbortSignal cancels at once.
  #longCall(what, signal, run) {
    this.#alive();
    throwIfAborted(signal, what);
    return new Promise((resolve, reject) => {
      let settled = false;
      let aborted = false;
      let backendInUse = null;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        aborted = true;
        reject(abortedError(signal, what));
        if (backendInUse && !backendInUse.inProcess) backendInUse.terminate(abortedError(signal, what));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#enqueue(async (backend) => {
        if (settled) return;
        try {
          // A restarted worker must get the current model back.
          if (this.#model && !this.#modelBytes && !backend.inProcess)
            this.#modelBytes = await backend.call('saveModel', []);
          if (settled) return;
          backendInUse = backend;
          const result = await run(backend, () => signal?.aborted !== true);
          if (!settled) {
            settled = true;
            resolve(result);
          }
        } catch (err) {
          if (!settled) {
            settled = true;
            reject(toCinerecError(err));
          }
        } finally {
          signal?.removeEventListener('abort', onAbort);
          if (aborted && !backend.inProcess && !this.#disposed) await this.#restart();
        }
      }).catch((err) => {
        if (!settled) {
          settled = true;
          reject(toCinerecError(err));
        }
      });
    });
  }

  // ratings → parallel typed arrays of item indices and ratings (last wins).
  #profile(ratings, name = 'ratings') {
    if (!Array.isArray(ratings)) throw invalid(`${name} must be an array of {movieId, rating}`);
    const { ratingMin, ratingMax } = this.snapshotInfo;
    const byItem = new Map();
    for (const [k, r] of ratings.entries()) {
      if (!r || typeof r !== 'object') throw invalid(`${name}[${k}] must be an object {movieId, rating}`);
      const item = this.movies.itemOf(r.movieId, `${name}[${k}].movieId`);
      if (typeof r.rating !== 'number' || !(r.rating >= ratingMin && r.rating <= ratingMax))
        throw invalid(`${name}[${k}].rating must be a number from ${ratingMin} to ${ratingMax}, got ${JSON.stringify(r.rating)}`);
      byItem.delete(item);
      byItem.set(item, r.rating);
    }
    return {
      items: Int32Array.from(byItem.keys()),
      ratings: Float32Array.from(byItem.values()),
      ratingOf: byItem,
    };
  }

  // A short sentence for a person (docs/api.md "recommend"): a movie they
  // liked that pushed the score up, else genres shared with what they liked.
  #reason(why, profile, item) {
    if (!why) return '';
    const liked = (i) => profile.ratingOf.get(i) >= LIKED;
    const byItem = why.parts.find((p) => p.kind === 'item' && p.weight > 0 && liked(p.item));
    if (byItem) {
      const m = this.movies.at(byItem.item);
      return `because you rated ${m.title} ${stars(profile.ratingOf.get(byItem.item))}`;
    }
    const genres = [];
    for (const p of why.parts) {
      if (p.kind !== 'feature' || !(p.weight > 0)) continue;
      const f = p.feature.replace(/^genre:/, '');
      if (this.movies.genres.includes(f) && !genres.includes(f)) genres.push(f);
    }
    if (!genres.length && item !== undefined) {
      const counts = new Map();
      for (const [i] of profile.ratingOf) {
        if (!liked(i)) continue;
        for (const g of this.movies.at(i).genres) counts.set(g, (counts.get(g) ?? 0) + 1);
      }
      const own = this.movies.at(item).genres.filter((g) => counts.has(g));
      own.sort((a, b) => counts.get(b) - counts.get(a));
      genres.push(...own);
    }
    if (genres.length) return `matches: ${genres.slice(0, 2).join(', ')}`;
    if (profile.items.length === 0 || why.parts.some((p) => p.kind === 'feature' && p.feature.startsWith('popularity')))
      return 'popular with viewers';
    return why.summary || '';
  }

  #explanation(movieId, why, profile) {
    return {
      movieId,
      score: why.score,
      summary: why.summary,
      reason: this.#reason(why, profile, this.movies.itemOf(movieId)),
      parts: why.parts.map((p) =>
        p.kind === 'item'
          ? { kind: 'movie', movieId: this.movies.at(p.item).movieId, title: this.movies.at(p.item).title,
              rating: profile.ratingOf.get(p.item), weight: p.weight }
          : { kind: 'feature', feature: p.feature, weight: p.weight },
      ),
    };
  }

  // -------------------------------------------------------------- public API

  async train({ algorithm, params, seed = 42, ratings = [], onProgress, signal } = {}) {
    this.#alive();
    const mine = this.#profile(ratings);
    algorithm = algorithm ?? this.#model?.algorithm ?? 'svd';
    if (typeof algorithm !== 'string') throw invalid('algorithm must be a string');
    params = plainObject(params, 'params');
    optionalInt(seed, 'seed', 0);
    onProgress = checkCallback(onProgress, 'onProgress');
    signal = checkSignal(signal);
    return this.#longCall('training', signal, async (backend, stillWanted) => {
      const progress = backend.callback((p) => {
        if (onProgress) {
          try {
            onProgress(p);
          } catch {
            /* a throwing callback must not stop training */
          }
        }
        return stillWanted();
      });
      const info = await backend.call('train', [algorithm, params, seed, mine.items, mine.ratings, progress]);
      this.#model = Object.freeze({ ...info, trainedWithRatings: mine.items.length });
      this.#modelBytes = null;
      return this.#model;
    });
  }

  async recommend({ ratings = [], n = 10, genres, exclude, yearMin, yearMax, minRatings, reasons = true } = {}) {
    this.#alive();
    const profile = this.#profile(ratings);
    optionalInt(n, 'n', 0);
    const filters = {};
    if (genres !== undefined) {
      if (!Array.isArray(genres)) throw invalid('genres must be an array of genre names');
      for (const g of genres) this.movies.genreBit(g);
      filters.genres = genres;
    }
    if (exclude !== undefined && !Array.isArray(exclude)) throw invalid('exclude must be an array of movieIds');
    const excluded = Int32Array.from((exclude ?? []).map((id) => this.movies.indexOf(id)).filter((i) => i >= 0));
    if (optionalInt(yearMin, 'yearMin') !== undefined) filters.yearMin = yearMin;
    if (optionalInt(yearMax, 'yearMax') !== undefined) filters.yearMax = yearMax;
    if (optionalInt(minRatings, 'minRatings', 0) !== undefined) filters.minRatings = minRatings;
    const r = await this.#call('recommend', [profile.items, profile.ratings, n, excluded, filters, !!reasons]);
    const out = new Array(r.items.length);
    for (let j = 0; j < r.items.length; j++) {
      const m = this.movies.at(r.items[j]);
      out[j] = { ...m, score: r.scores[j], reason: r.reasons ? this.#reason(r.reasons[j], profile, r.items[j]) : '' };
    }
    return out;
  }

  async similar(movieId, { n = 10 } = {}) {
    this.#alive();
    const item = this.movies.itemOf(movieId);
    optionalInt(n, 'n', 0);
    const r = await this.#call('similar', [item, n]);
    return Array.from(r.items, (i, j) => ({ ...this.movies.at(i), score: r.scores[j] }));
  }

  async explain({ ratings = [], movieId } = {}) {
    this.#alive();
    const profile = this.#profile(ratings);
    const item = this.movies.itemOf(movieId);
    const why = await this.#call('explain', [profile.items, profile.ratings, item]);
    return this.#explanation(movieId, why, profile);
  }

  async predict({ ratings = [], movieId } = {}) {
    this.#alive();
    const profile = this.#profile(ratings);
    const item = this.movies.itemOf(movieId);
    return this.#call('predict', [profile.items, profile.ratings, item]);
  }

  async evaluate({ algorithms, protocol = 'holdout:0.2', k = 10, seed = 42, relevanceThreshold = 0, onProgress, signal } = {}) {
    this.#alive();
    const list = (algorithms ?? [this.#model?.algorithm ?? 'svd']).map((a) =>
      typeof a === 'string' ? { name: a, params: {} } : { name: a?.name, params: plainObject(a?.params, 'params') },
    );
    if (!list.length || list.some((a) => typeof a.name !== 'string'))
      throw invalid('algorithms must be a non-empty array of names or {name, params}');
    if (typeof protocol !== 'string') throw invalid('protocol must be a string such as "holdout:0.2" or "new-users:0.1:10:first" (docs/evaluation.md)');
    optionalInt(k, 'k', 1);
    optionalInt(seed, 'seed', 0);
    if (typeof relevanceThreshold !== 'number') throw invalid('relevanceThreshold must be a number');
    onProgress = checkCallback(onProgress, 'onProgress');
    signal = checkSignal(signal);
    const options = { protocol, k, seed, relevanceThreshold };
    return this.#longCall('the evaluation', signal, async (backend, stillWanted) => {
      const reports = [];
      for (const [index, a] of list.entries()) {
        const progress = backend.callback((p) => {
          if (onProgress) {
            try {
              onProgress({ algorithm: a.name, index, count: list.length, ...p });
            } catch {
              /* ignore */
            }
          }
          return stillWanted();
        });
        reports.push(await backend.call('evaluate', [a.name, a.params, options, progress]));
      }
      return reports;
    });
  }

  async saveModel() {
    this.#alive();
    if (this.#modelBytes) return this.#modelBytes.slice();
    const bytes = await this.#call('saveModel', []);
    this.#modelBytes = bytes.slice();
    return bytes;
  }

  async loadModel(bytes) {
    this.#alive();
    const copy = toBytes(bytes, 'bytes').slice();
    return this.#enqueue(async (backend) => {
      const info = await backend.call('loadModel', [copy.slice()]);
      this.#model = Object.freeze(info);
      this.#modelBytes = copy;
      return this.#model;
    });
  }

  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#backend?.terminate(new CinerecError('DISPOSED', 'the recommender was disposed'));
    this.#backend = null;
    this.#snapshot = null;
    this.#modelBytes = null;
  }
}

// ------------------------------------------------------------------ factory

/**
 * createRecommender for a platform (see index.js / node.js).
 * platform: { resolve(url), fetchBytes(url, {kind, signal}), defaultSnapshotUrl(),
 *             defaultWasmUrl(), canSpawnWorker, spawnWorker(url?) }
 */
export async function createRecommenderWith(platform, options = {}) {
  if (options === null || typeof options !== 'object') throw invalid('options must be an object');
  const signal = checkSignal(options.signal);
  const onProgress = checkCallback(options.onProgress, 'onProgress');
  const algorithm = options.algorithm === undefined ? 'svd' : options.algorithm;
  if (algorithm !== null && typeof algorithm !== 'string') throw invalid('algorithm must be a string or null');
  const params = plainObject(options.params, 'params');
  const seed = optionalInt(options.seed, 'seed', 0) ?? 42;
  throwIfAborted(signal, 'loading the recommender');

  const abortable = (promise) =>
    signal
      ? Promise.race([
          promise,
          new Promise((_, reject) => {
            if (signal.aborted) reject(abortedError(signal, 'loading the recommender'));
            signal.addEventListener('abort', () => reject(abortedError(signal, 'loading the recommender')), { once: true });
          }),
        ])
      : promise;

  const wasmUrl = platform.resolve(options.wasmUrl ?? platform.defaultWasmUrl(), 'wasmUrl');
  const snapshotPromise = options.snapshot
    ? Promise.resolve(toBytes(options.snapshot, 'snapshot'))
    : platform.fetchBytes(platform.resolve(options.snapshotUrl ?? platform.defaultSnapshotUrl(), 'snapshotUrl'),
        { kind: 'snapshot', signal });
  const wasmPromise = platform.fetchBytes(wasmUrl, { kind: 'wasm', signal }).then(async (bytes) => {
    try {
      return await WebAssembly.compile(bytes);
    } catch (err) {
      throw new CinerecError('WASM_LOAD_FAILED', `could not compile the wasm at ${wasmUrl}: ${err.message}`);
    }
  });
  snapshotPromise.catch(() => {});
  wasmPromise.catch(() => {});
  const [wasm, snapshot] = await abortable(Promise.all([wasmPromise, snapshotPromise]));

  const rec = new Recommender(platform, { worker: options.worker, workerUrl: options.workerUrl }, wasm, snapshot);
  try {
    await abortable(rec._start(signal));
    if (options.model) await abortable(rec.loadModel(options.model));
    else if (algorithm !== null) await rec.train({ algorithm, params, seed, onProgress, signal });
    return rec;
  } catch (err) {
    rec.dispose();
    throw toCinerecError(err);
  }
}
