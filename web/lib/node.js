// cinerec for Node 20 scripts: the same API as index.js. Snapshot and wasm
// may be file paths, file: URLs or http(s) URLs; the core runs in a
// worker_threads worker (or in-process with { worker: false }).
import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { DEFAULT_ALGORITHM, createRecommenderWith } from './recommender.js';
import { CinerecError, ErrorCodes, abortedError } from './errors.js';
import { defaultSnapshotUrl, defaultWasmUrl } from './assets.js';

export { CinerecError, ErrorCodes, DEFAULT_ALGORITHM };
export { normalizeTitle } from './titles.js';

const workerName = 'worker-node.js';

const node = {
  resolve(url, name) {
    if (url instanceof URL) return url;
    if (typeof url !== 'string' || !url)
      throw new CinerecError('INVALID_ARGUMENT', `${name} must be a path or a URL, got ${JSON.stringify(url)}`);
    if (/^(file|https?|data):/i.test(url)) return new URL(url);
    return pathToFileURL(resolvePath(url));
  },
  defaultSnapshotUrl,
  defaultWasmUrl,
  async fetchBytes(url, { kind, signal }) {
    if (url.protocol === 'file:') {
      const path = fileURLToPath(url);
      try {
        const buf = await readFile(path, { signal });
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (err) {
        if (signal?.aborted) throw abortedError(signal, 'loading the recommender');
        if (kind === 'snapshot' && err.code === 'ENOENT')
          throw new CinerecError('SNAPSHOT_NOT_FOUND', `snapshot not found: ${path}`);
        const code = kind === 'wasm' ? 'WASM_LOAD_FAILED' : 'NETWORK';
        throw new CinerecError(code, `could not read the ${kind} at ${path}: ${err.message}`);
      }
    }
    let res;
    try {
      res = await fetch(url, { signal });
    } catch (err) {
      if (signal?.aborted) throw abortedError(signal, 'loading the recommender');
      throw new CinerecError(kind === 'wasm' ? 'WASM_LOAD_FAILED' : 'NETWORK', `could not fetch the ${kind} at ${url}: ${err.message}`);
    }
    if (!res.ok) {
      if (kind === 'snapshot' && (res.status === 404 || res.status === 410))
        throw new CinerecError('SNAPSHOT_NOT_FOUND', `snapshot not found: ${url} (HTTP ${res.status})`);
      throw new CinerecError(kind === 'wasm' ? 'WASM_LOAD_FAILED' : 'NETWORK', `could not fetch the ${kind} at ${url}: HTTP ${res.status}`);
    }
    return new Uint8Array(await res.arrayBuffer());
  },
  canSpawnWorker: true,
  spawnWorker(workerUrl) {
    const url = workerUrl === undefined ? new URL(workerName, import.meta.url) : node.resolve(workerUrl, 'workerUrl');
    const worker = new Worker(url);
    // Idle workers do not keep a script alive; a call in flight does.
    worker.unref();
    const handle = {
      endpoint: nodeEndpoint(worker),
      terminate: () => void worker.terminate(),
      ref: () => worker.ref(),
      unref: () => worker.unref(),
      started: false,
      worker,
    };
    handle.failed = new Promise((_, reject) => {
      worker.on('error', (err) =>
        reject(new CinerecError(handle.started ? 'INTERNAL' : 'WASM_LOAD_FAILED', `the worker failed: ${err.message}`)));
      worker.on('exit', (code) =>
        reject(new CinerecError(handle.started ? 'INTERNAL' : 'WASM_LOAD_FAILED', `the worker exited (code ${code})`)));
    });
    handle.failed.catch(() => {});
    return handle;
  },
};

/** See docs/api.md / index.d.ts. */
export function createRecommender(options = {}) {
  return createRecommenderWith(node, options);
}
