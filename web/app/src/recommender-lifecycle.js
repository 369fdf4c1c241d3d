// The recommender's life cycle for the app, on web/lib's public API only:
// load the snapshot, then load a cached model from IndexedDB or train one
// (with progress), and keep the app told what state it is in.
import { createRecommender } from '../../lib/index.js';

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

export const DEFAULT_ALGORITHM = 'svd';
export const DEFAULT_SEED = 42;

/**
 * Events: 'state' (detail: { state, progress?, error? }) whenever the state
 * changes or training reports progress; 'model' after a model is loaded or
 * trained; 'notice' (detail: { message }) when a cached model was refused. States: idle → loading → (loaded) → training → ready | error.
 */
export class RecommenderLifecycle extends EventTarget {
  constructor(store) {
    super();
    this.store = store;
    this.rec = null;
    this.state = 'idle';
    this.progress = null;
    this.error = null;
    this.trainController = null;
    this.timings = {};
  }

  #set(state, extra = {}) {
    this.state = state;
    Object.assign(this, extra);
    this.dispatchEvent(new CustomEvent('state', { detail: { state, ...extra } }));
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

  async start({ snapshotUrl, snapshot } = {}) {
    const t0 = performance.now();
    this.#set('loading', { error: null, progress: null });
    try {
      this.rec = await createRecommender({ snapshotUrl, snapshot, algorithm: null });
    } catch (err) {
      this.#set('error', { error: err });
      throw err;
    }
    this.timings.loaded = performance.now() - t0;
    this.dispatchEvent(new CustomEvent('loaded'));
    await this.useModel(this.currentChoice());
    this.timings.modelReady = performance.now() - t0;
  }

  currentChoice() {
    const names = this.rec.algorithms.map((a) => a.name);
    const s = this.store.settings;
    const algorithm = s.algorithm && names.includes(s.algorithm) ? s.algorithm : names.includes(DEFAULT_ALGORITHM) ? DEFAULT_ALGORITHM : names[0];
    const same = algorithm === s.algorithm;
    return { algorithm, params: same && s.params ? s.params : {}, seed: same && s.seed ? s.seed : DEFAULT_SEED };
  }

  /** A cached model for these settings if IndexedDB has one, else train it. */
  async useModel({ algorithm, params, seed = DEFAULT_SEED }) {
    const key = this.modelKey(algorithm, params, seed);
    const cached = await this.store.getModel(key).catch(() => undefined);
    if (cached?.bytes) {
      try {
        this.#set('training', { progress: { stage: 'loading saved model', epoch: 0, totalEpochs: 0 } });
        await this.rec.loadModel(new Uint8Array(cached.bytes));
        this.fromCache = true;
        this.#set('ready', { progress: null });
        this.dispatchEvent(new CustomEvent('model'));
        return this.rec.model;
      } catch (err) {
        // A damaged, truncated or outdated entry (MODEL_CORRUPT): drop it, say so once, train anew.
        await this.store.deleteModel(key);
        this.dispatchEvent(new CustomEvent('notice', {
          detail: { message: `The saved ${algorithm} model on this device could not be used (${err?.code === 'MODEL_CORRUPT' ? 'it is damaged or from another version' : err?.message}), so it was deleted and a new one is being trained.` },
        }));
      }
    }
    this.fromCache = false;
    return this.train({ algorithm, params, seed });
  }

  /**
   * Train in the worker; the new model replaces the current one on success and
   * is cached in IndexedDB. Rejects with CinerecError code ABORTED on cancel,
   * in which case the previous model stays.
   */
  async train({ algorithm, params = {}, seed = DEFAULT_SEED, ratings = [], onProgress, signal } = {}) {
    const controller = new AbortController();
    this.trainController = controller;
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const previous = this.state === 'ready' ? 'ready' : this.hasModel ? 'ready' : 'loaded';
    this.#set('training', { progress: { stage: 'starting', epoch: 0, totalEpochs: 0, loss: null, elapsed: 0 } });
    let finished = false; // progress messages can arrive after train() settles
    try {
      const info = await this.rec.train({
        algorithm,
        params,
        seed,
        ratings,
        signal: controller.signal,
        onProgress: (p) => {
          if (controller.signal.aborted) return;
          if (!finished) this.#set('training', { progress: p });
          onProgress?.(p);
        },
      });
      finished = true;
      // setSetting updates the in-memory settings at once; listeners of 'model' read them.
      const saved = Promise.all([
        this.store.setSetting('algorithm', algorithm),
        this.store.setSetting('params', params),
        this.store.setSetting('seed', seed),
      ]);
      this.#set('ready', { progress: null });
      this.dispatchEvent(new CustomEvent('model'));
      await saved;
      this.#saveModel(algorithm, params, seed, info).catch(() => {});
      return info;
    } catch (err) {
      finished = true;
      this.#set(this.hasModel ? 'ready' : previous, { progress: null });
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
    await this.store.putModel({
      key: this.modelKey(algorithm, params, seed),
      snapshot: this.snapshotKey(),
      algorithm,
      params,
      seed,
      trainSeconds: info?.trainSeconds ?? null,
      bytes,
      size: bytes.byteLength,
      createdAt: Date.now(),
    });
  }

  /** The user's ratings restricted to movies of this catalogue. */
  profile() {
    return this.store.profile().filter((r) => this.rec.movies.has(r.movieId));
  }

  exclude() {
    return [...this.store.hidden.keys()];
  }
}
