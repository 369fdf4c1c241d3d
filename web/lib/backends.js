// Where the core (session.js) runs for a Recommender: in a worker, reached
// by Comlink, or on this thread. Both backends answer call(method, args) with
// a promise and terminate() to free the core; supervisor.js orders the
// calls and replaces a worker that died or was aborted.
import { Callback, Comlink } from './rpc.js';
import { CinerecError, abortedError, toCinerecError } from './errors.js';

// The core in a worker: calls go through Comlink; terminate() kills the
// worker (and its wasm memory) at once, which is how long calls are cancelled.
class WorkerBackend {
  constructor(handle) {
    this.handle = handle;
    this.remote = Comlink.wrap(handle.endpoint);
    this.inFlight = 0;
    this.callbacks = new Set(); // their ports, closed on terminate (rpc.js)
    this.dead = new Promise((_, reject) => (this.kill = reject));
    this.dead.catch(() => {});
    handle.failed.then(null, (err) => this.kill(err));
  }
  callback(fn) {
    const callback = new Callback(fn);
    this.callbacks.add(callback);
    return callback;
  }
  async call(method, args, transfer = []) {
    if (this.inFlight++ === 0) this.handle.ref?.();
    let failed = true;
    try {
      const payload = transfer.length ? args.map((a, i) => (i === 0 ? Comlink.transfer(a, transfer) : a)) : args;
      const result = await Promise.race([this.remote[method](...payload), this.dead]);
      failed = false;
      return result;
    } finally {
      if (--this.inFlight === 0) this.handle.unref?.();
      // A call that returned from the worker released its callbacks (rpc.js
      // workerApi); one that failed may never have reached it (arguments
      // that cannot be cloned).
      for (const a of args) {
        if (!(a instanceof Callback)) continue;
        this.callbacks.delete(a);
        if (failed) a.close();
      }
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
    for (const callback of this.callbacks) callback.close();
    this.callbacks.clear();
  }
}

// The core on this thread (no Worker available, or worker: false). Calls
// block while they run; an abort is seen by the progress callback.
// session.js (with the Emscripten glue) is loaded only for this mode; the
// worker has its own copy.
class InProcessBackend {
  static async create() {
    const backend = new InProcessBackend();
    const { createSessionApi } = await import('./session.js');
    backend.api = createSessionApi();
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

/**
 * A started backend with the compiled wasm instantiated: a worker from
 * `platform` unless options.worker is false or the platform has none.
 * `wasm` is the compiled module or a promise of it: the worker is spawned
 * (its script fetched and evaluated) while the wasm still downloads.
 * `signal` aborts the start (the worker is terminated).
 */
export async function startBackend(platform, options, wasm, signal) {
  const useWorker = options.worker !== false && platform.canSpawnWorker;
  if (!useWorker) {
    const backend = await InProcessBackend.create();
    await backend.call('init', [{ module: await wasm }]);
    return backend;
  }
  let handle;
  try {
    handle = platform.spawnWorker(options.workerUrl);
  } catch (err) {
    throw toCinerecError(err, 'WASM_LOAD_FAILED', 'could not start the worker: ');
  }
  const backend = new WorkerBackend(handle);
  const onAbort = () => backend.terminate(abortedError(signal, 'loading the recommender'));
  signal?.addEventListener('abort', onAbort, { once: true });
  let module;
  try {
    module = await wasm;
  } catch (err) {
    signal?.removeEventListener('abort', onAbort);
    backend.terminate(err);
    throw err;
  }
  try {
    await backend.call('init', [{ module }]);
  } catch (err) {
    backend.terminate(err);
    throw toCinerecError(err, 'WASM_LOAD_FAILED', 'the worker failed to start: ');
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  handle.started = true;
  return backend;
}
