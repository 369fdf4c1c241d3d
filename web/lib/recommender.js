// The main-thread side of the library, shared by the browser entry
// (index.js) and the Node entry (node.js), which differ only in their
// `platform`: how bytes are fetched and how a worker is started.
// docs/api.md is the contract; the worker side is session.js. The pieces:
// backends.js (where the core runs), supervisor.js (call order, aborts,
// worker restarts), validate.js (arguments), reasons.js (the sentences).
import { Movies } from './catalog.js';
import { CinerecError, abortedError, throwIfAborted, toCinerecError } from './errors.js';
import { startBackend } from './backends.js';
import { Supervisor } from './supervisor.js';
import { explanation, reason } from './reasons.js';
import { checkCallback, checkSignal, invalid, jsonData, optionalInt, plainObject, toBytes, toProfile } from './validate.js';

/**
 * The model trained when none is named: ltr, the learning-to-rank model built
 * for a new person's first ratings. On `new-users:0.1:10:first` (each held-out
 * person's first 10 ratings, bench/tables/5-new-users-first.md) its P@10 is
 * 1.23–1.26× that of the most rated movies, where svd, the default before it,
 * reached about half of theirs. It ranks and predicts no ratings. It is also
 * what createRecommender trains when a snapshot carries no model, and what
 * scripts/make-default-snapshot.sh trains for the default snapshot.
 */
export const DEFAULT_ALGORITHM = 'ltr';

// The compiled wasm by URL, fetched and compiled once per page (or Node
// process): each recommender instantiates it in its own worker, so nothing is
// shared but the code. Fetching the 1.2 MB file again for every recommender
// grew Chromium's renderer by ~1.6 MB a time (tests/e2e/lib-memory.spec.mjs).
// Only a module that compiled is kept; a failed or aborted load is retried.
const compiledWasm = new Map();

export class Recommender {
  #supervisor;
  #snapshot; // snapshot bytes, kept to restart the worker
  #model = null;
  #modelBytes = null; // bytes of #model once saved (for a restart)

  /** @internal use createRecommender */
  constructor(platform, options, wasm, snapshot) {
    this.#snapshot = snapshot;
    this.#supervisor = new Supervisor({
      start: (signal) => startBackend(platform, options, wasm, signal),
      restore: async (backend) => {
        // a model the snapshot carries comes back with it; any other is reloaded
        await backend.call('loadSnapshot', [this.#snapshot.slice(), false]);
        if (this.#modelBytes) await backend.call('loadModel', [this.#modelBytes.slice()]);
      },
      keep: async (backend) => {
        if (this.#model && !this.#modelBytes) this.#modelBytes = await backend.call('saveModel', []);
      },
    });
    this.movies = null;
    this.algorithms = [];
    this.snapshotInfo = null;
    /** The model the snapshot carries (its info), loaded without training; null when none. */
    this.carriedModel = null;
  }

  get model() {
    return this.#model;
  }

  get disposed() {
    return this.#supervisor.disposed;
  }

  /** @internal snapshot: the bytes, or a promise of them (the worker starts meanwhile). */
  async _start(signal, snapshot) {
    const opening = this.#supervisor.open(signal);
    opening.catch(() => {});
    if (snapshot) this.#snapshot = await snapshot;
    const backend = await opening;
    const { info, model, catalog } = await backend.call('loadSnapshot', [this.#snapshot.slice(), true]);
    this.snapshotInfo = Object.freeze(info);
    if (model) this.#model = this.carriedModel = Object.freeze(model);
    this.movies = new Movies(catalog);
    this.algorithms = Object.freeze((await backend.call('algorithms', [])).map((a) => Object.freeze(a)));
  }

  #profile(ratings) {
    return toProfile(ratings, this.movies, this.snapshotInfo);
  }

  async train(o) {
    let { algorithm, params, seed = 42, ratings = [], onProgress, signal } = plainObject(o, 'options');
    this.#supervisor.alive();
    const mine = this.#profile(ratings);
    this.#notCatalogue('train');
    algorithm = algorithm ?? this.#model?.algorithm ?? DEFAULT_ALGORITHM;
    if (typeof algorithm !== 'string') throw invalid('algorithm must be a string');
    params = jsonData(plainObject(params, 'params'), 'params');
    optionalInt(seed, 'seed', 0);
    onProgress = checkCallback(onProgress, 'onProgress');
    signal = checkSignal(signal);
    return this.#supervisor.longCall('training', signal, async (backend, stillWanted) => {
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
      this.#model = Object.freeze(info);
      this.#modelBytes = null;
      return this.#model;
    });
  }

  async recommend(o) {
    const { ratings = [], n = 10, genres, exclude, yearMin, yearMax, minRatings, reasons = true } = plainObject(o, 'options');
    this.#supervisor.alive();
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
    const r = await this.#supervisor.call('recommend', [profile.items, profile.ratings, n, excluded, filters, !!reasons]);
    const out = new Array(r.items.length);
    for (let j = 0; j < r.items.length; j++) {
      const m = this.movies.at(r.items[j]);
      out[j] = { ...m, score: r.scores[j], reason: r.reasons ? reason(this.movies, r.reasons[j], profile, r.items[j]) : '' };
    }
    return out;
  }

  async similar(movieId, o) {
    const { n = 10, by, minRatings } = plainObject(o, 'options');
    this.#supervisor.alive();
    const item = this.movies.itemOf(movieId);
    optionalInt(n, 'n', 0);
    const options = {};
    if (by !== undefined) {
      if (by !== 'ratings' && by !== 'model') throw invalid(`by must be "ratings" or "model", got ${JSON.stringify(by)}`);
      options.by = by;
    }
    if (optionalInt(minRatings, 'minRatings', 0) !== undefined) options.minRatings = minRatings;
    const r = await this.#supervisor.call('similar', [item, n, options]);
    return Array.from(r.items, (i, j) => ({ ...this.movies.at(i), score: r.scores[j] }));
  }

  async explain(o) {
    const { ratings = [], movieId } = plainObject(o, 'options');
    this.#supervisor.alive();
    const profile = this.#profile(ratings);
    const item = this.movies.itemOf(movieId);
    const why = await this.#supervisor.call('explain', [profile.items, profile.ratings, item]);
    return explanation(this.movies, movieId, why, profile);
  }

  async predict(o) {
    const { ratings = [], movieId, movieIds } = plainObject(o, 'options');
    this.#supervisor.alive();
    const profile = this.#profile(ratings);
    if (movieIds !== undefined) {
      if (!Array.isArray(movieIds)) throw invalid('movieIds must be an array of movieIds');
      const items = movieIds.map((id, k) => this.movies.itemOf(id, `movieIds[${k}]`));
      if (!items.length) return [];
      return Array.from(await this.#supervisor.call('predict', [profile.items, profile.ratings, items]));
    }
    const item = this.movies.itemOf(movieId);
    const [value] = await this.#supervisor.call('predict', [profile.items, profile.ratings, [item]]);
    return value;
  }

  async evaluate(o) {
    let { algorithms, protocol = 'holdout:0.2', k = 10, seed = 42, relevanceThreshold = 0, onProgress, signal } = plainObject(o, 'options');
    this.#supervisor.alive();
    this.#notCatalogue('evaluate');
    if (algorithms !== undefined && algorithms !== null && !Array.isArray(algorithms))
      throw invalid('algorithms must be a non-empty array of names or {name, params}');
    const list = (algorithms ?? [this.#model?.algorithm ?? DEFAULT_ALGORITHM]).map((a) =>
      typeof a === 'string' ? { name: a, params: {} } : { name: a?.name, params: jsonData(plainObject(a?.params, 'params'), 'params') },
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
    return this.#supervisor.longCall('the evaluation', signal, async (backend, stillWanted) => {
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

  /** Whether the snapshot is a catalogue: a model and no ratings (no train/evaluate). */
  get isCatalogue() {
    return !!this.snapshotInfo?.catalogue;
  }

  #notCatalogue(what) {
    if (this.isCatalogue)
      throw new CinerecError(
        'CATALOGUE',
        `${what}: this snapshot is a catalogue (movies and a trained ${this.#model?.algorithm ?? ''} model, no ratings): ` +
          'it recommends by folding your ratings in, and cannot train or evaluate',
      );
  }

  async saveModel() {
    this.#supervisor.alive();
    if (this.#modelBytes) return this.#modelBytes.slice();
    const bytes = await this.#supervisor.call('saveModel', []);
    this.#modelBytes = bytes.slice();
    return bytes;
  }

  async loadModel(bytes) {
    this.#supervisor.alive();
    const copy = toBytes(bytes, 'bytes').slice();
    return this.#supervisor.enqueue(async (backend) => {
      const info = await backend.call('loadModel', [copy.slice()]);
      this.#model = Object.freeze(info);
      this.#modelBytes = copy;
      return this.#model;
    });
  }

  dispose() {
    if (this.#supervisor.disposed) return;
    this.#supervisor.dispose();
    this.#snapshot = null;
    this.#modelBytes = null;
  }
}

// A server that answers every path with its index page (a dev server, a
// single-page-app host) sends HTML with status 200 for a missing snapshot:
// that is a missing file, not a damaged one.
function notAWebPage(bytes, url) {
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().toLowerCase();
  if (/^<(!doctype|html|head|body|\?xml)/.test(head))
    throw new CinerecError('SNAPSHOT_NOT_FOUND', `snapshot not found: ${url} (the server answered with a web page, not a snapshot)`);
  return bytes;
}

/**
 * createRecommender for a platform (see index.js / node.js).
 * platform: { resolve(url), fetchBytes(url, {kind, signal}), defaultSnapshotUrl(),
 *             defaultWasmUrl(), canSpawnWorker, spawnWorker(url?) }
 */
export async function createRecommenderWith(platform, options = {}) {
  if (options === null || typeof options !== 'object') throw invalid('options must be an object');
  const signal = checkSignal(options.signal);
  const onProgress = checkCallback(options.onProgress, 'onProgress');
  const algorithm = options.algorithm === undefined ? DEFAULT_ALGORITHM : options.algorithm;
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
  const snapshotUrl = options.snapshot ? null : platform.resolve(options.snapshotUrl ?? platform.defaultSnapshotUrl(), 'snapshotUrl');
  const snapshotPromise = options.snapshot
    ? Promise.resolve(toBytes(options.snapshot, 'snapshot'))
    : platform.fetchBytes(snapshotUrl, { kind: 'snapshot', signal }).then((bytes) => notAWebPage(bytes, snapshotUrl));
  const wasmPromise = compiledWasm.has(wasmUrl.href)
    ? Promise.resolve(compiledWasm.get(wasmUrl.href))
    : (async () => {
        // compileWasm: the browser's streaming compile; else fetch, then compile.
        const compiling = platform.compileWasm
          ? platform.compileWasm(wasmUrl, { signal })
          : platform.fetchBytes(wasmUrl, { kind: 'wasm', signal }).then((bytes) => WebAssembly.compile(bytes));
        let module;
        try {
          module = await compiling;
        } catch (err) {
          if (err instanceof CinerecError) throw err;
          if (signal?.aborted) throw abortedError(signal, 'loading the recommender');
          throw new CinerecError('WASM_LOAD_FAILED', `could not compile the wasm at ${wasmUrl}: ${err.message}`);
        }
        compiledWasm.set(wasmUrl.href, module);
        return module;
      })();
  snapshotPromise.catch(() => {});
  wasmPromise.catch(() => {});
  // The worker starts at once; the wasm and the snapshot reach it when they arrive.
  const rec = new Recommender(platform, { worker: options.worker, workerUrl: options.workerUrl }, wasmPromise, null);
  try {
    await abortable(rec._start(signal, snapshotPromise));
    // A snapshot's own model serves unless another algorithm or parameters are asked for.
    const carried = rec.model && options.params === undefined && options.seed === undefined &&
      (options.algorithm === undefined || options.algorithm === rec.model.algorithm);
    if (options.model) await abortable(rec.loadModel(options.model));
    else if (algorithm !== null && !carried) await rec.train({ algorithm, params, seed, onProgress, signal });
    return rec;
  } catch (err) {
    rec.dispose();
    throw toCinerecError(err);
  }
}
