// The Node worker (worker_threads): the same engine and protocol as worker.js
// over Comlink's Node adapter.
import { parentPort } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Comlink, workerApi } from './rpc.js';
import { createEngineApi } from './engine.js';

Comlink.expose(workerApi(createEngineApi()), nodeEndpoint(parentPort));
