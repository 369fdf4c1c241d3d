// cinerec for browsers: createRecommender(), the errors and normalizeTitle (docs/api.md).
// The Node entry is node.js (package.json "exports" picks it under Node).
import { DEFAULT_ALGORITHM, createRecommenderWith } from './recommender.js';
import { CinerecError, ErrorCodes, abortedError } from './errors.js';
import { defaultSnapshotUrl, defaultWasmUrl, spawnDefaultWorker } from './assets.js';

export { CinerecError, ErrorCodes, DEFAULT_ALGORITHM };
export { normalizeTitle } from './titles.js';

const base = () => (typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href);

// A module worker must be same-origin. For a worker script on another origin
// (the library served from a CDN), start a same-origin blob worker that
// imports it; the import is a CORS request like the wasm's.
function startWorker(url) {
  try {
    return new Worker(url, { type: 'module' });
  } catch (err) {
    if (err?.name !== 'SecurityError') throw err;
    const blob = new Blob([`import ${JSON.stringify(String(url))};`], { type: 'text/javascript' });
    const blobUrl = URL.createObjectURL(blob);
    try {
      return new Worker(blobUrl, { type: 'module' });
    } finally {
      setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
    }
  }
}

const browser = {
  resolve(url, name) {
    try {
      return new URL(url, base());
    } catch {
      throw new CinerecError('INVALID_ARGUMENT', `${name} is not a valid URL: ${JSON.stringify(String(url))}`);
    }
  },
  defaultSnapshotUrl,
  defaultWasmUrl,
  async fetchBytes(url, { kind, signal }) {
    const res = await browser.fetchResponse(url, { kind, signal });
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      if (signal?.aborted) throw abortedError(signal, 'loading the recommender');
      throw new CinerecError(kind === 'wasm' ? 'WASM_LOAD_FAILED' : 'NETWORK', `reading the ${kind} at ${url} failed: ${err.message}`);
    }
  },
  /**
   * The wasm compiled while it downloads (WebAssembly.compileStreaming), which
   * also lets the browser keep the optimised code for the next visit; a server
   * that does not send application/wasm gets the bytes compiled at the end.
   */
  async compileWasm(url, { signal }) {
    const res = await browser.fetchResponse(url, { kind: 'wasm', signal });
    const type = res.headers.get('content-type') ?? '';
    if (typeof WebAssembly.compileStreaming !== 'function' || !/^application\/wasm\b/i.test(type))
      return WebAssembly.compile(await res.arrayBuffer());
    return WebAssembly.compileStreaming(res);
  },
  async fetchResponse(url, { kind, signal }) {
    let res;
    try {
      res = await fetch(url, { signal, mode: 'cors', credentials: 'same-origin' });
    } catch (err) {
      if (signal?.aborted) throw abortedError(signal, 'loading the recommender');
      const code = kind === 'wasm' ? 'WASM_LOAD_FAILED' : 'NETWORK';
      throw new CinerecError(code, `could not fetch the ${kind} at ${url}: ${err.message} (offline, or the host does not allow CORS?)`);
    }
    if (!res.ok) {
      if (kind === 'snapshot' && (res.status === 404 || res.status === 410))
        throw new CinerecError('SNAPSHOT_NOT_FOUND', `snapshot not found: ${url} (HTTP ${res.status})`);
      const code = kind === 'wasm' ? 'WASM_LOAD_FAILED' : 'NETWORK';
      throw new CinerecError(code, `could not fetch the ${kind} at ${url}: HTTP ${res.status}`);
    }
    if (kind === 'snapshot' && /^text\/html\b/i.test(res.headers.get('content-type') ?? ''))
      throw new CinerecError('SNAPSHOT_NOT_FOUND', `snapshot not found: ${url} (the server answered with a web page, not a snapshot)`);
    return res;
  },
  canSpawnWorker: typeof Worker !== 'undefined',
  spawnWorker(workerUrl) {
    let worker;
    if (workerUrl !== undefined) worker = startWorker(browser.resolve(workerUrl, 'workerUrl'));
    else {
      try {
        worker = spawnDefaultWorker();
      } catch (err) {
        if (err?.name !== 'SecurityError') throw err;
        // The packaged library keeps worker.js next to cinerec.wasm.
        worker = startWorker(new URL('worker.js', defaultWasmUrl()));
      }
    }
    const handle = { endpoint: worker, terminate: () => worker.terminate(), started: false };
    handle.failed = new Promise((_, reject) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault?.();
        const detail = event.message ? `: ${event.message}` : ' (the script could not be loaded)';
        reject(new CinerecError(handle.started ? 'INTERNAL' : 'WASM_LOAD_FAILED', `the worker failed${detail}`));
      });
    });
    handle.failed.catch(() => {});
    return handle;
  },
};

/**
 * Loads the wasm core and a snapshot in a worker and (by default) trains a
 * model. See docs/api.md / index.d.ts.
 */
export function createRecommender(options = {}) {
  return createRecommenderWith(browser, options);
}
