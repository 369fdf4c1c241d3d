// "Retrain with my ratings": train({ ratings }) adds the person's ratings to
// the training data as one more user, and algorithms list their defaults.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRecommender } from '../../web/lib/node.js';
import { missing, SNAPSHOT, profileOf } from './lib-helpers.mjs';

const reason = missing();
const skip = reason ? { skip: reason } : {};

let rec;
before(async () => {
  if (reason) return;
  rec = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: null }); // in a worker, as the app runs it
});
after(() => rec?.dispose());

test('every algorithm lists its default hyper-parameters', skip, () => {
  const svd = rec.algorithms.find((a) => a.name === 'svd');
  assert.equal(svd.params.n_factors, 100);
  assert.equal(svd.params.n_epochs, 20);
  for (const a of rec.algorithms) assert.equal(typeof a.params, 'object', a.name);
});

test('train({ ratings }) trains on the person\'s ratings too and changes the model', skip, async () => {
  const ratings = profileOf(rec);
  const params = { n_factors: 20, n_epochs: 5 };
  await rec.train({ algorithm: 'svd', params, seed: 7 });
  assert.equal(rec.model.trainedWithRatings, 0);
  const before = await rec.recommend({ ratings, n: 20, reasons: false });
  await rec.train({ algorithm: 'svd', params, seed: 7, ratings });
  assert.equal(rec.model.trainedWithRatings, ratings.length);
  const after = await rec.recommend({ ratings, n: 20, reasons: false });
  const rated = new Set(ratings.map((r) => r.movieId));
  assert.ok(after.every((m) => !rated.has(m.movieId)), 'rated movies are still excluded');
  assert.notDeepEqual(after.map((m) => m.score), before.map((m) => m.score),
    'the extra user must change the trained model');
  await assert.rejects(rec.train({ algorithm: 'svd', params, ratings: [{ movieId: -5, rating: 4 }] }),
    (e) => e.code === 'UNKNOWN_MOVIE');
});

test('a movie whose source lost its title gets a readable placeholder', skip, () => {
  // dslabs::movielens has no title for movie 108548 (docs/data.md).
  const m = rec.movies.get(108548);
  assert.equal(m.title, 'Untitled movie #108548');
});
