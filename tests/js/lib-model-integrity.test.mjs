// Saved models carry a versioned envelope with a CRC-32 of their body
// (cpp/src/models/model_io.hpp): of 800 mangled, truncated, spliced or
// foreign byte arrays (tests/js/model-probe.mjs) rec.loadModel accepts none,
// and refuses each with MODEL_CORRUPT; the current model stays usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRecommender, CinerecError } from '../../web/lib/node.js';
import { missing, snapshotBytes, QUICK } from './lib-helpers.mjs';
import { probe } from './model-probe.mjs';

const reason = missing();
const skip = reason ? { skip: reason } : {};

test('about 800 mangled saved models: none accepted, each refused with MODEL_CORRUPT', { ...skip, timeout: 600_000 }, async () => {
  const result = await probe({ createRecommender, snapshot: snapshotBytes(), perAlgorithm: 100 });
  console.log(`# model probe: ${result.accepted.length} of ${result.total} mangled models accepted; refusals ${JSON.stringify(result.codes)}`);
  assert.ok(result.total >= 500, `only ${result.total} mangled models`);
  assert.deepEqual(result.accepted, []);
  assert.deepEqual(Object.keys(result.codes), ['MODEL_CORRUPT']);
});

test('a refused model leaves the current one in place; other format versions are named', skip, async () => {
  const rec = await createRecommender({ snapshot: snapshotBytes(), algorithm: 'svd', params: QUICK });
  try {
    const bytes = await rec.saveModel();
    const ratings = [{ movieId: rec.movies.popular({ limit: 1 })[0].movieId, rating: 5 }];
    const before = (await rec.recommend({ ratings, n: 5 })).map((m) => m.movieId);
    const expectCorrupt = (message) => (err) => {
      assert.ok(err instanceof CinerecError);
      assert.equal(err.code, 'MODEL_CORRUPT');
      assert.match(err.message, message);
      return true;
    };
    const flipped = bytes.slice();
    flipped[bytes.length - 3] ^= 0x10;
    await assert.rejects(rec.loadModel(flipped), expectCorrupt(/^saved model: checksum mismatch/));
    await assert.rejects(rec.loadModel(bytes.slice(0, bytes.length - 1)), expectCorrupt(/^saved model: truncated/));
    const older = bytes.slice();
    older[4] = 2;
    await assert.rejects(rec.loadModel(older), expectCorrupt(/model format 2 is not the format 3 this build reads: train the model again/));
    await assert.rejects(rec.loadModel(new TextEncoder().encode('{"algorithm":"svd"}')), expectCorrupt(/not a cinerec model/));
    assert.deepEqual((await rec.recommend({ ratings, n: 5 })).map((m) => m.movieId), before);
    assert.equal((await rec.loadModel(bytes)).algorithm, 'svd');
  } finally {
    rec.dispose();
  }
});
