// Every CinerecError code web/lib documents (docs/api.md "Errors"), produced
// for real and matched by code and message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecommender, CinerecError, ErrorCodes } from '../../web/lib/node.js';
import { missing, SNAPSHOT, QUICK, serve, snapshotBytes, crc32, withoutSections } from './lib-helpers.mjs';

const reason = missing();
const skip = reason ? { skip: reason } : {};
if (reason) console.log(`# skipping web/lib error tests: ${reason}`);

let rec;
let tmp;
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cinerec-errors-'));
  if (reason) return;
  rec = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'svd', params: QUICK });
});
after(() => {
  rec?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

const is = (code, message) => (err) => {
  assert.ok(err instanceof CinerecError, `not a CinerecError: ${err}`);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'CinerecError');
  assert.equal(err.code, code, err.message);
  assert.match(err.message, message);
  return true;
};

const write = (name, bytes) => {
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  return p;
};

test('CinerecError: a named Error subclass with a code', () => {
  const e = new CinerecError('UNKNOWN_MOVIE', 'unknown movieId 5');
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'CinerecError');
  assert.equal(e.code, 'UNKNOWN_MOVIE');
  assert.equal(String(e), 'CinerecError: unknown movieId 5');
  for (const code of ['SNAPSHOT_NOT_FOUND', 'SNAPSHOT_CORRUPT', 'WASM_LOAD_FAILED', 'ABORTED', 'UNKNOWN_MOVIE',
    'INVALID_ARGUMENT', 'UNKNOWN_ALGORITHM', 'NOT_TRAINED'])
    assert.ok(ErrorCodes.includes(code), code);
  // The core's file codes are codes of their own, not stand-ins for snapshot ones.
  assert.equal(new CinerecError('PARSE_ERROR', 'movies.csv:2: no title').code, 'PARSE_ERROR');
  assert.equal(new CinerecError('NOT_FOUND', 'u1.base: no such file').code, 'NOT_FOUND');
  assert.equal(new CinerecError('IO_ERROR', 'x: read error').code, 'IO_ERROR');
  assert.equal(new CinerecError('NO_SUCH_CODE', 'x').code, 'INTERNAL');
});

test('SNAPSHOT_NOT_FOUND: a missing file and an HTTP 404', skip, async () => {
  await assert.rejects(createRecommender({ snapshotUrl: join(tmp, 'nope.cinerec') }),
    is('SNAPSHOT_NOT_FOUND', /^snapshot not found: .*nope\.cinerec$/));
  const server = await serve(tmp);
  try {
    await assert.rejects(createRecommender({ snapshotUrl: `${server.url}/missing.cinerec` }),
      is('SNAPSHOT_NOT_FOUND', /^snapshot not found: http:\/\/127\.0\.0\.1:\d+\/missing\.cinerec \(HTTP 404\)$/));
    // A host that answers every path with its index page (status 200): missing, not damaged.
    write('spa.cinerec', new TextEncoder().encode('<!doctype html>\n<html><head><title>app</title></head></html>'));
    await assert.rejects(createRecommender({ snapshotUrl: `${server.url}/spa.cinerec` }),
      is('SNAPSHOT_NOT_FOUND', /^snapshot not found: http:\/\/127\.0\.0\.1:\d+\/spa\.cinerec \(the server answered with a web page, not a snapshot\)$/));
  } finally {
    await server.close();
  }
});

test('SNAPSHOT_CORRUPT: truncated, flipped and foreign bytes carry the C++ message', skip, async () => {
  const good = snapshotBytes();
  const truncated = write('truncated.cinerec', good.subarray(0, Math.floor(good.length / 2)));
  await assert.rejects(createRecommender({ snapshotUrl: truncated }), is('SNAPSHOT_CORRUPT', /snapshot|size|truncat/i));
  const flipped = good.slice();
  flipped[flipped.length - 10] ^= 0xff;
  await assert.rejects(createRecommender({ snapshot: flipped }), is('SNAPSHOT_CORRUPT', /checksum|crc/i));
  await assert.rejects(createRecommender({ snapshot: new TextEncoder().encode('<html>404</html>') }),
    is('SNAPSHOT_CORRUPT', /magic|not a cinerec|too short|snapshot/i));
});

test('SNAPSHOT_VERSION: a format version this build cannot read', skip, async () => {
  const bytes = snapshotBytes();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(8, 99, true);
  const n = view.getUint32(12, true);
  view.setUint32(24 + 24 * n, crc32(bytes.subarray(0, 24 + 24 * n)), true); // keep the header checksum valid
  await assert.rejects(createRecommender({ snapshot: bytes }), is('SNAPSHOT_VERSION', /version 99/));
});

test('NETWORK: the snapshot host answers 500', skip, async () => {
  const server = await serve(tmp, { routes: { '/broken.cinerec': (req, res) => ((res.statusCode = 500), res.end()) } });
  try {
    await assert.rejects(createRecommender({ snapshotUrl: `${server.url}/broken.cinerec` }),
      is('NETWORK', /could not fetch the snapshot at .*: HTTP 500/));
  } finally {
    await server.close();
  }
});

test('WASM_LOAD_FAILED: missing wasm, bytes that are not wasm, a worker that does not start', skip, async () => {
  await assert.rejects(createRecommender({ snapshotUrl: SNAPSHOT, wasmUrl: join(tmp, 'none.wasm') }),
    is('WASM_LOAD_FAILED', /could not read the wasm at .*none\.wasm/));
  const notWasm = write('bad.wasm', new TextEncoder().encode('<!doctype html><p>not found</p>'));
  await assert.rejects(createRecommender({ snapshotUrl: SNAPSHOT, wasmUrl: notWasm }),
    is('WASM_LOAD_FAILED', /could not compile the wasm at .*bad\.wasm/));
  const badWorker = write('worker.mjs', 'throw new Error("boom in worker");');
  await assert.rejects(createRecommender({ snapshotUrl: SNAPSHOT, workerUrl: badWorker }),
    is('WASM_LOAD_FAILED', /worker .*(boom in worker|exited)/));
});

test('ABORTED: while loading, before training, during training', skip, async () => {
  await assert.rejects(createRecommender({ snapshotUrl: SNAPSHOT, signal: AbortSignal.abort() }),
    is('ABORTED', /^loading the recommender was aborted$/));
  const ac = new AbortController();
  const loading = createRecommender({ snapshotUrl: SNAPSHOT, signal: ac.signal, algorithm: 'svd', params: { n_epochs: 10000 } });
  setTimeout(() => ac.abort(), 300);
  await assert.rejects(loading, is('ABORTED', /was aborted/));
  await assert.rejects(rec.train({ signal: AbortSignal.abort() }), is('ABORTED', /^training was aborted$/));
  const reasoned = new AbortController();
  const t = rec.train({ params: { n_epochs: 10000 }, signal: reasoned.signal });
  setTimeout(() => reasoned.abort(new Error('user left the page')), 100);
  await assert.rejects(t, is('ABORTED', /^training was aborted: user left the page$/));
});

test('UNKNOWN_MOVIE: in ratings, similar, explain, predict', skip, async () => {
  const msg = /^unknown movieId 987654321 \(not in this snapshot\)$/;
  await assert.rejects(rec.recommend({ ratings: [{ movieId: 987654321, rating: 4 }] }), is('UNKNOWN_MOVIE', msg));
  await assert.rejects(rec.similar(987654321), is('UNKNOWN_MOVIE', msg));
  await assert.rejects(rec.explain({ ratings: [], movieId: 987654321 }), is('UNKNOWN_MOVIE', msg));
  await assert.rejects(rec.predict({ ratings: [], movieId: 987654321 }), is('UNKNOWN_MOVIE', msg));
  await assert.rejects(rec.predict({ ratings: [], movieIds: [1, 987654321] }), is('UNKNOWN_MOVIE', msg));
  await assert.rejects(rec.predict({ ratings: [], movieIds: 1 }), is('INVALID_ARGUMENT', /movieIds must be an array/));
});

test('UNKNOWN_ALGORITHM: names the known ones', skip, async () => {
  await assert.rejects(rec.train({ algorithm: 'deep-magic' }), is('UNKNOWN_ALGORITHM', /^unknown algorithm 'deep-magic' \(known: svd/));
  await assert.rejects(createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'deep-magic' }), is('UNKNOWN_ALGORITHM', /deep-magic/));
  await assert.rejects(rec.evaluate({ algorithms: ['deep-magic'] }), is('UNKNOWN_ALGORITHM', /deep-magic/));
});

test('INVALID_ARGUMENT: ratings, n, genres, params, options, model bytes', skip, async () => {
  const toy = rec.movies.search('toy story')[0].movieId;
  await assert.rejects(rec.recommend({ ratings: [{ movieId: toy, rating: 7 }] }),
    is('INVALID_ARGUMENT', /^ratings\[0\]\.rating must be a number from 0\.5 to 5, got 7$/));
  await assert.rejects(rec.recommend({ ratings: [{ movieId: 'Toy Story', rating: 4 }] }),
    is('INVALID_ARGUMENT', /^ratings\[0\]\.movieId must be a number, got "Toy Story"$/));
  await assert.rejects(rec.recommend({ ratings: 'lots' }), is('INVALID_ARGUMENT', /^ratings must be an array/));
  await assert.rejects(rec.recommend({ ratings: [], n: -1 }), is('INVALID_ARGUMENT', /^n must be an integer >= 0, got -1$/));
  await assert.rejects(rec.recommend({ ratings: [], n: 2.5 }), is('INVALID_ARGUMENT', /^n must be an integer/));
  await assert.rejects(rec.recommend({ ratings: [], genres: ['Space Opera'] }), is('INVALID_ARGUMENT', /^unknown genre "Space Opera" \(known: /));
  await assert.rejects(rec.train({ params: { n_factors: 'many' } }), is('INVALID_ARGUMENT', /svd parameter 'n_factors': expected an integer/));
  await assert.rejects(rec.train({ params: { n_factorz: 3 } }), is('INVALID_ARGUMENT', /n_factorz/));
  await assert.rejects(rec.train({ params: [] }), is('INVALID_ARGUMENT', /^params must be an object$/));
  await assert.rejects(rec.train({ onProgress: 5 }), is('INVALID_ARGUMENT', /^onProgress must be a function$/));
  await assert.rejects(rec.train({ signal: 'stop' }), is('INVALID_ARGUMENT', /^signal must be an AbortSignal$/));
  await assert.rejects(rec.evaluate({ protocol: 'sometimes' }), is('INVALID_ARGUMENT', /protocol/));
  await assert.rejects(rec.loadModel(new Uint8Array(16)), is('MODEL_CORRUPT', /saved model: not a cinerec model/));
  await assert.rejects(rec.loadModel('bytes'), is('INVALID_ARGUMENT', /^bytes must be a Uint8Array or an ArrayBuffer$/));
  assert.throws(() => rec.movies.byGenre('Space Opera'), is('INVALID_ARGUMENT', /unknown genre/));
  assert.throws(() => rec.movies.search(42), is('INVALID_ARGUMENT', /^search query must be a string$/));
  assert.throws(() => rec.movies.search('x', { limit: -2 }), is('INVALID_ARGUMENT', /^limit must be a non-negative integer/));
  await assert.rejects(createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 42 }), is('INVALID_ARGUMENT', /^algorithm must be a string or null$/));
  // The recommender still works after all that.
  assert.equal((await rec.recommend({ ratings: [{ movieId: toy, rating: 5 }], n: 2 })).length, 2);
});

// The default snapshot with its TIME section's tag renamed: a version-1
// reader skips the unknown tag, so this is a snapshot without timestamps.
function withoutTimestamps() {
  const bytes = snapshotBytes();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(12, true);
  const tag = (s) => s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | (s.charCodeAt(3) << 24);
  for (let e = 0; e < n; ++e)
    if (view.getUint32(24 + 24 * e, true) === tag('TIME') >>> 0) view.setUint32(24 + 24 * e, tag('XTIM') >>> 0, true);
  view.setUint32(24 + 24 * n, crc32(bytes.subarray(0, 24 + 24 * n)), true);
  return bytes;
}

test('INVALID_ARGUMENT: a time-based protocol on a snapshot without timestamps', skip, async () => {
  const bare = await createRecommender({ snapshot: withoutTimestamps(), algorithm: null });
  try {
    assert.equal(bare.snapshotInfo.hasTimestamps, false);
    await assert.rejects(bare.evaluate({ algorithms: ['popularity'], protocol: 'new-users:0.1:10:first' }),
      is('INVALID_ARGUMENT', /^protocol new-users:0\.1:10:first needs rating timestamps, and '.*' has none \(build the snapshot with `cinerec snapshot --timestamps`, or use new-users:0\.1:10:random\)$/));
    await assert.rejects(bare.evaluate({ algorithms: ['popularity'], protocol: 'new-users:0.1:10:last' }),
      is('INVALID_ARGUMENT', /new-users:F:G\[:random\|:first\]/));
    const [report] = await bare.evaluate({ algorithms: ['popularity'], protocol: 'new-users:0.1:10' });
    assert.equal(report.protocol, 'new-users:0.1:10');
  } finally {
    bare.dispose();
  }
});

test('NOT_TRAINED: calls before any model', skip, async () => {
  // The default snapshot without its pretrained model (MODL): nothing is trained.
  const bare = await createRecommender({ snapshot: withoutSections(snapshotBytes(), ['MODL']), algorithm: null });
  try {
    assert.equal(bare.model, null);
    const msg = /^no trained model: call train\(\) or loadModel\(\) first$/;
    await assert.rejects(bare.recommend({ ratings: [] }), is('NOT_TRAINED', msg));
    const first = bare.movies.popular({ limit: 1 })[0].movieId;
    await assert.rejects(bare.similar(first, { by: 'model' }), is('NOT_TRAINED', msg));
    // Similar movies by ratings need no model.
    assert.equal((await bare.similar(first, { n: 3 })).length, 3);
    await assert.rejects(bare.saveModel(), is('NOT_TRAINED', msg));
    // evaluate needs no current model.
    const [report] = await bare.evaluate({ algorithms: ['popularity'] });
    assert.equal(report.algorithm, 'popularity');
  } finally {
    bare.dispose();
  }
});

test('DISPOSED: every call after dispose()', skip, async () => {
  const r = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'popularity' });
  const pending = r.train({ algorithm: 'svd', params: { n_epochs: 10000 } });
  r.dispose();
  r.dispose(); // idempotent
  assert.equal(r.disposed, true);
  await assert.rejects(pending, is('DISPOSED', /^the recommender was disposed$/));
  await assert.rejects(r.recommend({ ratings: [] }), is('DISPOSED', /disposed/));
  await assert.rejects(r.train(), is('DISPOSED', /disposed/));
  await assert.rejects(r.saveModel(), is('DISPOSED', /disposed/));
});

test('dispose() during the restart after an abort leaves no worker behind', skip, async () => {
  const threads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
  const settle = () => new Promise((res) => setTimeout(res, 1000));
  const r = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'svd', params: QUICK });
  await settle();
  const alive = threads(); // with r's worker
  const ac = new AbortController();
  const t = r.train({ params: { n_epochs: 10000 }, signal: ac.signal, onProgress: (p) => p.epoch === 1 && ac.abort() });
  await assert.rejects(t, is('ABORTED', /training was aborted/));
  r.dispose(); // the replacement worker is still starting
  await settle();
  assert.ok(threads() < alive, `threads: ${alive} with the worker, ${threads()} after dispose`);
});
