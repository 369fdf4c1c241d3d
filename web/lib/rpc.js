// The worker protocol is Comlink (docs/api.md says why). This module is the
// one place both sides configure it: a CinerecError keeps its code across
// the boundary, and the worker moves typed arrays as transferables.
// comlink has no "exports" map and its "main" is UMD, so import the ES build
// by path: the same specifier works in Node and in bundlers.
import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import { CinerecError } from './errors.js';

export { Comlink };

const base = Comlink.transferHandlers.get('throw');
Comlink.transferHandlers.set('throw', {
  canHandle: base.canHandle,
  serialize({ value }) {
    if (value instanceof Error) {
      const { name, message, stack } = value;
      return [{ isError: true, value: { name, message, stack, code: value.code } }, []];
    }
    return [{ isError: false, value }, []];
  },
  deserialize(serialized) {
    if (!serialized.isError) throw serialized.value;
    const { name, message, code, stack } = serialized.value;
    const err = name === 'CinerecError' ? new CinerecError(code, message) : Object.assign(new Error(message), { name });
    if (name !== 'CinerecError' && stack) err.stack = stack;
    throw err;
  },
});

// Callbacks (progress) cross as Comlink proxies on a port of their own. This
// handler is Comlink's "proxy" one, except that the main side keeps the port:
// a worker terminated mid-call (abort, dispose) never releases its proxies,
// and an open port would keep its callback — and in Node the process — alive,
// so WorkerBackend closes what is left (backends.js).
export class Callback {
  constructor(fn) {
    this.fn = fn;
    this.port = null;
  }
  close() {
    this.port?.close();
    this.port = null;
  }
}
Comlink.transferHandlers.set('cinerec-callback', {
  canHandle: (value) => value instanceof Callback,
  serialize(callback) {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(callback.fn, port1);
    callback.port = port1;
    return [port2, [port2]];
  },
  deserialize(port) {
    port.start();
    return Comlink.wrap(port);
  },
});

function buffersOf(value, out = [], depth = 0) {
  if (ArrayBuffer.isView(value)) out.push(value.buffer);
  else if (value instanceof ArrayBuffer) out.push(value);
  else if (value && typeof value === 'object' && depth < 2)
    for (const v of Object.values(value)) buffersOf(v, out, depth + 1);
  return [...new Set(out)];
}

/**
 * Wraps the core API for Comlink.expose: results move their typed arrays
 * (they are fresh copies out of the wasm heap, owned by nobody else), and the
 * progress callbacks — Comlink proxies to the main thread — are called
 * without waiting and released when the call ends.
 */
export function workerApi(api) {
  const withProgress = (method) =>
    async (...args) => {
      const progress = args[args.length - 1];
      let last = null;
      const forward = typeof progress === 'function'
        ? (p) => {
            last = progress(p).catch(() => {});
            return true;
          }
        : null;
      try {
        return api[method](...args.slice(0, -1), forward);
      } finally {
        // Progress travels on the callback's own port, the result on the
        // worker's: wait until the last progress call was handled so every
        // onProgress runs before the caller's promise settles.
        if (last) await last;
        if (progress && progress[Comlink.releaseProxy]) progress[Comlink.releaseProxy]();
      }
    };
  const wrapped = {};
  for (const name of Object.keys(api)) {
    const fn = name === 'train' || name === 'evaluate' ? withProgress(name) : api[name];
    wrapped[name] = async (...args) => {
      const result = await fn(...args);
      const buffers = buffersOf(result);
      return buffers.length ? Comlink.transfer(result, buffers) : result;
    };
  }
  return wrapped;
}
