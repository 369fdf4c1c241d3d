// The browser worker: owns the wasm instance and the dataset (DESIGN.md "The
// worker and the library") and answers web/lib's calls over Comlink.
import { Comlink, workerApi } from './rpc.js';
import { createSessionApi } from './session.js';

Comlink.expose(workerApi(createSessionApi()));
