// The recommender's life cycle for the app, on web/lib's public API only:
// load the snapshot, then load a saved model (model-cache.js) or train one
// (with progress), and keep the app told what runs and how it ended.
import { DEFAULT_ALGORITHM, createRecommender } from '../../lib/index.js';
import { afterFirstPicks } from './first-picks.js';
import { ModelCache } from './model-cache.js';

/** JSON with sorted keys, so equal parameters give equal cache keys. */
export function stableJson(value) {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

// The library's default (web/lib/recommender.js, where the measured reason is):
// a ranking model for a new person's first ratings, the one the default
// snapshot's model is trained with; it predicts no stars.
export { DEFAULT_ALGORITHM };
export const DEFAULT_SEED = 42;
// The stars the app predicts come from the most accurate rating model
// (bench/README-rating.md), whatever model ranks the lists.
export const RATER_ALGORITHM = 'bayesian-fm';
// When the rater starts on a page that shows no recommendations.
const RATER_AFTER_MS = 3000;
// How long the first page waits for its list before it renders without it.
const PRIME_WAIT_MS = 100;

/**
 * Events: 'state' (detail: { state, job, outcome }) whenever the state
 * changes or a job reports progress; 'model' after a model is loaded or
 * trained; 'loaded' once the catalogue is in; 'notice' (detail: { message })
 * when a saved model was refused and is being trained again. States: idle → loading →
 * (loaded) → training → ready | loaded (no model) | error.
 *
 * While a model is trained or loaded, `job` says what runs: { kind: 'train' |
 * 'load', algorithm, params, purpose: 'first' | 'retrain' | 'lab' | 'saved',
 * progress }. Every job ends in `outcome`: { kind: 'done' | 'cancelled' |
 * 'failed', algorithm, purpose, message, at }, with a sentence a person can read.
 *
 * Predicted stars: when the model in use does not predict ratings as well as
 * RATER_ALGORITHM, a second recommender (its own worker) loads or trains
 * RATER_ALGORITHM once the first model is ready, and `predictStars` asks it.
 * 'rater' fires when it is ready. Until then (or if it fails: the snapshot has
 * no ratings, the algorithm is missing) the model in use answers when it
 * predicts ratings, and no stars are shown when it does not.
 */
export class RecommenderLifecycle extends EventTarget {
  constructor(store) {
    super();
    this.store = store;
    this.models = new ModelCache(store);
    this.rec = null;
    this.state = 'idle';
    this.job = null;
    this.outcome = null;
    this.error = null;
    this.trainController = null;
    this.source = null;
    this.rater = null; // { rec, algorithm, key } once ready
    this.raterState = 'idle'; // idle | starting | ready | failed
    // () => the options of the list the first page shows (set by the app):
    // start() asks for that list before it announces 'loaded'.
    this.firstListOptions = null;
    this.primed = null; // { key, model, list: Promise } of that first request
  }

  /**
   * The first page's list, asked for before the page was built, when `opts`
   * are still the options it was asked with and the model the same; else null.
   * (Without it the page rendered, laid itself out, and only then received
   * its picks: ~0.1 s more before the first picks, and a second request.)
   */
  primedList(opts) {
    const p = this.primed;
    if (!p || p.model !== this.rec?.model || p.key !== JSON.stringify(opts)) return null;
    return p.list;
  }

  /** Asks for the first list with the model that will serve it, and waits up
   * to PRIME_WAIT_MS for it (longer, e.g. the first fold-in of a returning
   * person's ratings, and the page renders first and receives it later). */
  async #primeFirstList() {
    if (!this.firstListOptions || !this.rec.model) return;
    const c = this.currentChoice();
    if (!this.#carriedServes(c.algorithm, c.params, c.seed)) return; // another model loads first
    let opts;
    try {
      opts = this.firstListOptions();
    } catch {
      return;
    }
    const list = this.rec.recommend(opts);
    list.catch(() => {});
    this.primed = { key: JSON.stringify(opts), model: this.rec.model, list };
    await Promise.race([list.catch(() => {}), new Promise((r) => setTimeout(r, PRIME_WAIT_MS))]);
  }

  #set(state, extra = {}) {
    this.state = state;
    Object.assign(this, extra);
    this.dispatchEvent(new CustomEvent('state', { detail: { state, job: this.job, outcome: this.outcome } }));
  }

  /** The progress of the running job (null when none). */
  get progress() {
    return this.job?.progress ?? null;
  }

  get ready() {
    return this.state === 'ready' || (this.rec?.model != null && this.state === 'training');
  }

  get hasModel() {
    return this.rec?.model != null;
  }

  snapshotKey() {
    const s = this.rec.snapshotInfo;
    return `${s.name}|${s.source}|${s.movies}|${s.users}|${s.ratings}|${s.bytes}`;
  }

  modelKey(algorithm, params, seed) {
    return `${this.snapshotKey()}|${algorithm}|${stableJson(params ?? {})}|${seed}`;
  }

  /** The key of the model in use (for the cache: never evict it). */
  currentKey() {
    const m = this.rec?.model;
    if (!m) return null;
    const s = this.store.settings;
    return this.modelKey(m.algorithm, s.algorithm === m.algorithm ? s.params ?? {} : {}, s.algorithm === m.algorithm ? s.seed ?? DEFAULT_SEED : DEFAULT_SEED);
  }

  /** storeReady: resolves when the store has read this device's data (the
   * catalogue loads meanwhile; nothing is announced before both are there). */
  async start({ snapshotUrl, snapshot } = {}, storeReady = Promise.resolve()) {
    const t0 = performance.now();
    this.source = { snapshotUrl, snapshot: snapshot ? snapshot.slice() : undefined };
    this.#set('loading', { error: null, job: null });
    const loading = createRecommender({ snapshotUrl, snapshot, algorithm: null });
    loading.catch(() => {});
    await storeReady;
    try {
      this.rec = await loading;
    } catch (err) {
      this.#set('error', { error: err });
      throw err;
    }
    // Marks for performance tools and bench/first-recs.mjs: when the start
    // began, the catalogue reached the page, the first model was ready.
    performance.mark('cinerec:start', { startTime: t0 });
    performance.mark('cinerec:catalogue');
    await this.#primeFirstList();
    this.dispatchEvent(new CustomEvent('loaded'));
    await this.useModel({ ...this.currentChoice(), purpose: 'first' });
    performance.mark('cinerec:model-ready');
    this.#warmUp();
    // The rater (a second worker: the snapshot again, the wasm, a model to
    // load or train) competes for the CPU with the first picks, which need
    // no stars (no ratings yet): it starts once they are shown, or after
    // RATER_AFTER_MS on a page without recommendations.
    const rater = () => this.startRater().catch(() => {});
    afterFirstPicks(rater);
    setTimeout(rater, RATER_AFTER_MS);
  }

  /**
   * The first rating should not pay for the model's first fold-in (ltr counts
   * its pair statistics then, 0.1–0.4 s in wasm): once the first picks are on
   * screen (not before: the worker would make them wait), one popular movie is
   * folded in while the person reads the page.
   */
  #warmUp() {
    const rec = this.rec;
    const idle = globalThis.requestIdleCallback ?? ((f) => setTimeout(f, 200));
    afterFirstPicks(() => idle(() => {
      const top = rec === this.rec && !rec.disposed ? rec.movies.popular({ limit: 1 })[0] : null;
      if (top) rec.recommend({ ratings: [{ movieId: top.movieId, rating: 4 }], n: 1, reasons: false }).catch(() => {});
    }));
  }

  /** Whether the model in use is the one whose predictions the app shows. */
  #modelRates() {
    return this.rec?.model?.algorithm === RATER_ALGORITHM;
  }

  /**
   * Loads (from this device) or trains RATER_ALGORITHM in a second worker,
   * with the default parameters and seed. Resolves when ready; never throws
   * for a missing or failing rater (raterState says 'failed').
   */
  async startRater() {
    if (this.raterState !== 'idle' || !this.rec) return;
    if (!this.rec.algorithms.some((a) => a.name === RATER_ALGORITHM) || !this.rec.snapshotInfo.ratings) {
      this.raterState = 'failed';
      return;
    }
    this.raterState = 'starting';
    let rec = null;
    try {
      rec = await createRecommender({ ...this.source, snapshot: this.source.snapshot?.slice(), algorithm: null });
      const key = this.modelKey(RATER_ALGORITHM, {}, DEFAULT_SEED);
      const record = await this.models.record(key);
      let loaded = false;
      if (record?.bytes) {
        try {
          await rec.loadModel(await this.models.bytes(record));
          loaded = true;
        } catch {
          await this.models.delete(key).catch(() => {});
        }
      }
      if (!loaded) {
        const info = await rec.train({ algorithm: RATER_ALGORITHM, seed: DEFAULT_SEED });
        const bytes = await rec.saveModel();
        this.models
          .put({ key, snapshot: this.snapshotKey(), algorithm: RATER_ALGORITHM, params: {}, seed: DEFAULT_SEED, trainSeconds: info?.trainSeconds ?? null, bytes }, { inUse: [key, this.currentKey()] })
          .then(() => this.dispatchEvent(new CustomEvent('saved')))
          .catch(() => {});
      }
      this.rater = { rec, algorithm: RATER_ALGORITHM, key };
      this.raterState = 'ready';
      this.dispatchEvent(new CustomEvent('rater'));
    } catch {
      this.raterState = 'failed';
      rec?.dispose?.();
    }
  }

  /** Whether `predictStars` can answer now. */
  get canPredictStars() {
    return this.#modelRates() || this.raterState === 'ready' || !!this.rec?.model?.predictsRatings;
  }

  /**
   * The stars this person would give each movie, { algorithm, values (0.5–5) },
   * from the rater when ready, else from the model in use if it predicts
   * ratings; null when nothing can say.
   */
  async predictStars(ratings, movieIds) {
    const source = this.#modelRates() || this.raterState !== 'ready' ? (this.rec?.model?.predictsRatings ? this.rec : null) : this.rater.rec;
    if (!source || !ratings.length) return null;
    const values = await source.predict({ ratings, movieIds });
    return { algorithm: source.model.algorithm, values: values.map((v) => Math.min(5, Math.max(0.5, v))) };
  }

  currentChoice() {
    const names = this.rec.algorithms.map((a) => a.name);
    const s = this.store.settings;
    const algorithm = s.algorithm && names.includes(s.algorithm) ? s.algorithm : names.includes(DEFAULT_ALGORITHM) ? DEFAULT_ALGORITHM : names[0];
    const same = algorithm === s.algorithm;
    return { algorithm, params: same && s.params ? s.params : {}, seed: same && s.seed != null ? s.seed : DEFAULT_SEED };
  }

  /**
   * A saved model for these settings if this device has one, else train it
   * (a model too large to keep is retrained: its record says so).
   */
  async useModel({ algorithm, params = {}, seed = DEFAULT_SEED, purpose = 'saved', onProgress, signal }) {
    if (this.#useCarried(algorithm, params, seed, purpose)) return this.rec.model;
    const key = this.modelKey(algorithm, params, seed);
    const record = await this.models.record(key);
    if (record?.bytes) {
      this.#set('training', { job: { kind: 'load', algorithm, params, purpose, progress: { stage: 'loading saved model', epoch: 0, totalEpochs: 0 } } });
      try {
        const bytes = await this.models.bytes(record).catch((err) => {
          // A damaged gzip stream is as unusable as damaged model bytes.
          throw Object.assign(new Error(`the saved bytes do not decompress (${err?.message})`), { code: 'MODEL_CORRUPT' });
        });
        await this.rec.loadModel(bytes);
        await this.#remember(algorithm, params, seed);
        this.fromCache = true;
        this.#set('ready', { job: null, outcome: { kind: 'done', algorithm, purpose, message: `Loaded the saved ${algorithm} model.`, at: Date.now() } });
        this.dispatchEvent(new CustomEvent('model'));
        return this.rec.model;
      } catch (err) {
        // A damaged, truncated or outdated entry (MODEL_CORRUPT): drop it, say so once, train anew.
        await this.models.delete(key).catch(() => {});
        this.#set(this.hasModel ? 'ready' : 'loaded', { job: null });
        this.dispatchEvent(new CustomEvent('notice', {
          detail: { message: `The saved ${algorithm} model on this device could not be used (${err?.code === 'MODEL_CORRUPT' ? 'it is damaged or from another version' : err?.message}), so it was deleted and a new one is being trained.` },
        }));
      }
    }
    this.fromCache = false;
    return this.train({ algorithm, params, seed, purpose, onProgress, signal });
  }

  /**
   * The model the snapshot carries serves when it is what is asked for (its
   * algorithm with default settings and seed), and always on a catalogue,
   * which cannot train another.
   */
  #carriedServes(algorithm, params, seed) {
    const carried = this.rec.carriedModel;
    if (!carried) return false;
    const asked = carried.algorithm === algorithm && Object.keys(params ?? {}).length === 0 && seed === DEFAULT_SEED;
    if (!asked && !this.rec.isCatalogue) return false;
    return this.rec.model === carried; // not when another model was loaded or trained since
  }

  #useCarried(algorithm, params, seed, purpose) {
    if (!this.#carriedServes(algorithm, params, seed)) return false;
    const carried = this.rec.carriedModel;
    this.fromCache = false;
    this.#set('ready', {
      job: null,
      outcome: { kind: 'done', algorithm: carried.algorithm, purpose, message: `Using the ${carried.algorithm} model that came with the ${this.rec.isCatalogue ? 'catalogue' : 'snapshot'}.`, at: Date.now() },
    });
    this.dispatchEvent(new CustomEvent('model'));
    return true;
  }

  async #remember(algorithm, params, seed) {
    // setSetting updates the in-memory settings at once; listeners of 'model' read them.
    await Promise.all([
      this.store.setSetting('algorithm', algorithm),
      this.store.setSetting('params', params),
      this.store.setSetting('seed', seed),
    ]).catch(() => {});
  }

  /**
   * Train in the worker; the new model replaces the current one on success and
   * is saved on this device. Rejects with CinerecError code ABORTED on cancel,
   * in which case the previous model stays.
   */
  async train({ algorithm, params = {}, seed = DEFAULT_SEED, ratings = [], purpose = 'retrain', onProgress, signal } = {}) {
    const controller = new AbortController();
    this.trainController = controller;
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const job = { kind: 'train', algorithm, params, purpose, progress: { stage: 'starting', epoch: 0, totalEpochs: 0, loss: null, elapsed: 0 } };
    this.#set('training', { job });
    let finished = false; // progress messages can arrive after train() settles
    try {
      const info = await this.rec.train({
        algorithm,
        params,
        seed,
        ratings,
        signal: controller.signal,
        onProgress: (p) => {
          if (controller.signal.aborted || finished) return;
          job.progress = p;
          this.#set('training', { job });
          onProgress?.(p);
        },
      });
      finished = true;
      await this.#remember(algorithm, params, seed);
      const secs = info?.trainSeconds;
      this.#set('ready', {
        job: null,
        outcome: { kind: 'done', algorithm, purpose, message: `Trained ${algorithm}${secs != null ? ` in ${secs < 1 ? `${Math.round(secs * 1000)} ms` : `${secs.toFixed(1)} s`}` : ''}.`, at: Date.now() },
      });
      this.dispatchEvent(new CustomEvent('model'));
      this.#saveModel(algorithm, params, seed, info).catch(() => {});
      return info;
    } catch (err) {
      finished = true;
      const cancelled = err?.code === 'ABORTED';
      const kept = this.hasModel ? ` ${this.rec.model.algorithm} still makes your recommendations.` : '';
      this.#set(this.hasModel ? 'ready' : 'loaded', {
        job: null,
        outcome: {
          kind: cancelled ? 'cancelled' : 'failed',
          algorithm,
          purpose,
          message: cancelled ? `Training ${algorithm} was cancelled.${kept}` : `Training ${algorithm} failed: ${err?.message ?? err}.${kept}`,
          at: Date.now(),
        },
      });
      throw err;
    } finally {
      if (this.trainController === controller) this.trainController = null;
    }
  }

  cancelTraining() {
    this.trainController?.abort();
  }

  async #saveModel(algorithm, params, seed, info) {
    const bytes = await this.rec.saveModel();
    const key = this.modelKey(algorithm, params, seed);
    const keep = this.rater ? [key, this.rater.key] : key;
    await this.models.put({ key, snapshot: this.snapshotKey(), algorithm, params, seed, trainSeconds: info?.trainSeconds ?? null, bytes }, { inUse: keep });
    this.dispatchEvent(new CustomEvent('saved'));
  }

  /** The user's ratings restricted to movies of this catalogue. */
  profile() {
    return this.store.profile().filter((r) => this.rec.movies.has(r.movieId));
  }

  exclude() {
    return [...this.store.hidden.keys()];
  }
}
