// The side of the library that owns the wasm instance and the dataset: one
// cinerec Engine (cpp/bindings/engine.hpp). It runs inside the worker
// (worker.js, worker-node.js) or, without workers, in-process. Every method
// is synchronous once init() is done and throws CinerecError.
import createCinerecModule from '../wasm/cinerec.js';
import { CinerecError, check, toCinerecError } from './errors.js';

/** The API object a worker exposes. */
export function createEngineApi() {
  let Module = null;
  let engine = null;

  const need = () => {
    if (!engine) throw new CinerecError('INTERNAL', 'the engine is not initialised');
    return engine;
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
      if (engine) return true;
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
        engine = new Module.Engine();
      } catch (err) {
        failure = err;
      }
      if (failure) throw toCinerecError(failure, 'WASM_LOAD_FAILED', 'could not instantiate the wasm module: ');
      return true;
    },

    /** → {info, catalog?} (catalog: typed arrays + JSON texts, see engine.cpp) */
    loadSnapshot(bytes, withCatalog = true) {
      const e = need();
      const info = JSON.parse(check(e.loadSnapshot(bytes)).info);
      if (!withCatalog) return { info };
      const c = check(e.catalog());
      delete c.ok;
      return { info, catalog: c };
    },

    algorithms() {
      return JSON.parse(check(Module.Engine.algorithms()).json);
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

    predict(items, ratings, item) {
      return check(need().predict(items, ratings, item)).value;
    },

    similar(item, n) {
      const r = check(need().similar(item, n));
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
      if (engine) engine.delete();
      engine = null;
      Module = null;
    },
  };
}
