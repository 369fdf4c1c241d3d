// The Node worker (worker_threads): the same core and protocol as worker.js
// over Comlink's Node adapter.
import { parentPort } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Comlink, workerApi } from './rpc.js';
import { createSessionApi } from './session.js';

Comlink.expose(workerApi(createSessionApi()), nodeEndpoint(parentPort));
