// The backend of one Recommender and the order of the calls to it: calls run
// one at a time, in call order; a long call (train, evaluate) is cancelled at
// once by terminating the worker (docs/api.md "Cancelling"); a worker that
// was aborted, trapped or died is replaced by a new one, which gets back what
// the old one held before the next call runs.
import { CinerecError, abortedError, throwIfAborted, toCinerecError } from './errors.js';

const disposedError = () => new CinerecError('DISPOSED', 'the recommender was disposed');

export class Supervisor {
  #start;
  #restore;
  #keep;
  #backend = null;
  #queue = Promise.resolve();
  #disposed = false;
  #broken = null;

  /**
   * @param {object} hooks
   * @param {(signal?: AbortSignal) => Promise<object>} hooks.start a new backend (backends.js startBackend)
   * @param {(backend: object) => Promise<void>} hooks.restore loads into a new worker what the old one held
   * @param {(backend: object) => Promise<void>} hooks.keep runs before each long call on a worker, so that
   *   restore can bring back what the call would lose if it were aborted
   */
  constructor({ start, restore, keep }) {
    this.#start = start;
    this.#restore = restore;
    this.#keep = keep;
  }

  get disposed() {
    return this.#disposed;
  }

  /** Starts the first backend; the caller loads it before any call is queued. */
  async open(signal) {
    this.#backend = await this.#start(signal);
    return this.#backend;
  }

  /** Throws DISPOSED after dispose(). */
  alive() {
    if (this.#disposed) throw disposedError();
  }

  /** Runs task(backend) after every earlier call (one at a time, in order). */
  enqueue(task) {
    const run = this.#queue.then(async () => {
      if (this.#disposed) throw disposedError();
      if (this.#broken) throw this.#broken;
      return task(this.#backend);
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** One queued core call; its failure is a CinerecError. */
  call(method, args, transfer) {
    return this.enqueue(async (backend) => {
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

  // A new worker holding what the old one held (after an abort or a crash).
  async #restart() {
    try {
      this.#backend.terminate(new CinerecError('ABORTED', 'the worker was restarted'));
      const backend = await this.#start();
      if (this.#disposed) return backend.terminate();
      await this.#restore(backend);
      if (this.#disposed) return backend.terminate();
      this.#backend = backend;
    } catch (err) {
      this.#broken = toCinerecError(err, 'INTERNAL', 'could not restart the worker: ');
    }
  }

  /**
   * train and evaluate: a queued call that `signal` rejects at once with
   * ABORTED (what: "training" → "training was aborted"). run(backend,
   * stillWanted) does the work; stillWanted() is false once aborted.
   */
  longCall(what, signal, run) {
    this.alive();
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
      this.enqueue(async (backend) => {
        if (settled) return;
        try {
          // A restarted worker must get the current state back.
          if (!backend.inProcess) await this.#keep(backend);
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

  /** Terminates the backend; every later call rejects with DISPOSED. Idempotent. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#backend?.terminate(disposedError());
    this.#backend = null;
  }
}
