// The worker side of the library: the wasm module's Session (a thin binding
// over the C++ cinerec::Session, cpp/bindings/js_session.hpp) behind a plain
// object of methods. It runs inside the worker (worker.js, worker-node.js)
// or, without workers, in-process. Every method is synchronous once init() is
// done and throws CinerecError.
import createCinerecModule from '../wasm/cinerec.js';
import { CinerecError, check, toCinerecError } from './errors.js';

/** The API object a worker exposes. */
export function createSessionApi() {
  let Module = null;
  let session = null;

  const need = () => {
    if (!session) throw new CinerecError('INTERNAL', 'the core is not initialised');
    return session;
  };
  // A JS callback must never throw through C++ frames (destructors would be
  // skipped), so wrap it; `false` from the callback cancels.
  const safe = (fn) =>
    typeof fn === 'function'
      ? (arg) => {
          try {
            return fn(arg) !== false;
          } catch {
            return true;
          }
        }
      : null;

  return {
    /**
     * @param {{module?: WebAssembly.Module, bytes?: ArrayBuffer|Uint8Array}} wasm
     */
    async init(wasm) {
      if (session) return true;
      let failure = null;
      try {
        let module = wasm.module;
        if (!module) module = await WebAssembly.compile(wasm.bytes);
        let instantiated;
        const failed = new Promise((_, reject) => (instantiated = reject));
        const factory = createCinerecModule({
          instantiateWasm(imports, done) {
            WebAssembly.instantiate(module, imports).then(
              (instance) => done(instance, module),
              (err) => instantiated(err),
            );
            return {};
          },
          print: () => {},
        });
        Module = await Promise.race([factory, failed]);
        session = new Module.Session();
      } catch (err) {
        failure = err;
      }
      if (failure) throw toCinerecError(failure, 'WASM_LOAD_FAILED', 'could not instantiate the wasm module: ');
      return true;
    },

    /** → {info, model, catalog?} (model: the info of the model the snapshot
     * carries, or null; catalog: typed arrays + JSON texts, see session.cpp) */
    loadSnapshot(bytes, withCatalog = true) {
      const e = need();
      const r = check(e.loadSnapshot(bytes));
      const info = JSON.parse(r.info);
      const model = r.model == null ? null : JSON.parse(r.model);
      if (!withCatalog) return { info, model };
      const c = check(e.catalog());
      delete c.ok;
      return { info, model, catalog: c };
    },

    algorithms() {
      return JSON.parse(check(Module.Session.algorithms()).json);
    },

    // progress comes last: rpc.js's workerApi takes the last argument as the callback.
    train(algorithm, params, seed, items, ratings, progress) {
      const r = check(need().train(algorithm, JSON.stringify(params ?? {}), seed, safe(progress), items, ratings));
      return JSON.parse(r.model);
    },

    modelInfo() {
      return JSON.parse(check(need().modelInfo()).model);
    },

    recommend(items, ratings, n, exclude, filters, reasons) {
      const r = check(need().recommend(items, ratings, n, exclude, JSON.stringify(filters ?? {}), !!reasons));
      return { items: r.items, scores: r.scores, reasons: r.reasons ? JSON.parse(r.reasons) : null };
    },

    predict(items, ratings, targets) {
      return check(need().predict(items, ratings, Int32Array.from(targets))).values;
    },

    similar(item, n, options) {
      const r = check(need().similar(item, n, JSON.stringify(options ?? {})));
      return { items: r.items, scores: r.scores };
    },

    explain(items, ratings, item) {
      return JSON.parse(check(need().explain(items, ratings, item)).json);
    },

    saveModel() {
      return check(need().saveModel()).bytes;
    },

    loadModel(bytes) {
      return JSON.parse(check(need().loadModel(bytes)).model);
    },

    evaluate(algorithm, params, options, progress) {
      const r = check(need().evaluate(algorithm, JSON.stringify(params ?? {}), JSON.stringify(options ?? {}), safe(progress)));
      return JSON.parse(r.json);
    },

    dispose() {
      if (session) session.delete();
      session = null;
      Module = null;
    },
  };
}
