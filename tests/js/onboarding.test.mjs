// The onboarding strategy (web/app/src/onboarding.js), by hand-checkable cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULTS, MAX_ASKS, emptyAnswers, entropy, informativeOrder, nextAsks } from '../../web/app/src/onboarding.js';

const movie = (movieId, ratingCount) => ({ movieId, title: `Film ${movieId}`, year: 1990 + movieId, genres: ['Drama'], ratingCount, meanRating: 3.5 });

test('entropy: 0 for one value, 1 bit for two equal halves, 2 bits for four', () => {
  assert.equal(entropy([]), 0);
  assert.equal(entropy([0, 7, 0]), 0);
  assert.equal(entropy([5, 5]), 1);
  assert.equal(entropy([3, 3, 3, 3]), 2);
  assert.ok(Math.abs(entropy([1, 3]) - 0.8113) < 1e-4); // -(.25 log2 .25 + .75 log2 .75)
});

test('informativeOrder: log(1 + count) × entropy, so a popular film everyone rates alike comes last', () => {
  // A: 100 ratings all 4★ (H = 0); B: 10 ratings split 5/5 (H = 1); C: 30 ratings split 10/10/10 (H = log2 3).
  const movies = [movie(1, 100), movie(2, 10), movie(3, 30), movie(4, 0)];
  const hist = { 1: [100], 2: [5, 5], 3: [10, 10, 10], 4: [] };
  const order = informativeOrder(movies, { count: 10, entropyOf: (m) => entropy(hist[m.movieId]) });
  // scores: C = ln 31 × 1.585 = 5.44, B = ln 11 × 1 = 2.40, A = ln 101 × 0 = 0; D (no ratings) left out
  assert.deepEqual(order.map((m) => m.movieId), [3, 2, 1]);
  // without histograms: the popular starters' order, most rated first here (one genre, distinct decades)
  assert.equal(informativeOrder(movies, { count: 2 }).length, 2);
});

test('nextAsks: never an answered or asked film; the informative order until a film is rated', () => {
  const answers = emptyAnswers();
  answers.unseen.add(1);
  const informative = [1, 2, 3, 4, 5, 6];
  assert.deepEqual(nextAsks({ answers, informative, asked: new Set([2]), n: 3, settings: { skip: 0 } }), [3, 4, 5]);
  // the model's ranking is not used before minRated ratings
  assert.deepEqual(nextAsks({ answers, informative, ranked: [40, 41], asked: new Set([2]), n: 2, settings: { skip: 0 } }), [3, 4]);
});

test('nextAsks: mixes the model ranking (after skip) with the informative order, by position', () => {
  const answers = emptyAnswers();
  answers.rated.set(1, 4.5);
  answers.unseen.add(2);
  const informative = [1, 2, 3, 4, 5, 6];
  const ranked = [30, 31, 32, 1, 33, 34];
  // share 0.5 from position 2 (two answered): positions 2,3,4,5 → model at odd positions 3 and 5
  const asks = nextAsks({ answers, informative, ranked, n: 4, settings: { modelShare: 0.5, skip: 1, minRated: 1 } });
  assert.deepEqual(asks, [3, 31, 4, 32]);
  for (const id of asks) assert.ok(!answers.rated.has(id) && !answers.unseen.has(id));
  assert.equal(DEFAULTS.minRated, 1);
});

test('nextAsks: never more than MAX_ASKS asks in all', () => {
  const answers = emptyAnswers();
  const informative = Array.from({ length: 100 }, (_, k) => k + 1);
  const asked = new Set(informative.slice(0, 25));
  assert.equal(nextAsks({ answers, informative, asked, n: 50 }).length, MAX_ASKS - 25);
  assert.equal(nextAsks({ answers, informative, asked: new Set(informative.slice(0, 40)), n: 5 }).length, 0);
});

test('nextAsks: window reorders the next films of the ranking, most rated first', () => {
  const answers = emptyAnswers();
  answers.rated.set(1, 4);
  const counts = { 10: 5, 11: 50, 12: 20, 13: 99 };
  const asks = nextAsks({ answers, informative: [1, 2], ranked: [10, 11, 12, 13], n: 3, settings: { modelShare: 1, skip: 0, window: 3 }, countOf: (id) => counts[id] });
  assert.deepEqual(asks, [11, 12, 10]); // 10, 11, 12 by count, then 13 outside the window
});
