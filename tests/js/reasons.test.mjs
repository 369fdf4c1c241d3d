// web/lib/reasons.js on hand-made explanations: the words follow the sign of
// each part (a part that pulled the score down is never worded as a plus).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explanation } from '../../web/lib/reasons.js';

const films = [
  { movieId: 10, title: 'Heat', genres: ['Crime'], ratingCount: 100, meanRating: 4 },
  { movieId: 20, title: 'Fargo', genres: ['Crime'], ratingCount: 90, meanRating: 4.1 },
  { movieId: 30, title: 'Titanic', genres: ['Romance'], ratingCount: 300, meanRating: 3.4 },
];
const movies = {
  genres: ['Crime', 'Romance'],
  at: (i) => films[i],
  itemOf: (id) => films.findIndex((m) => m.movieId === id),
};
const profile = { items: [0, 1], ratingOf: new Map([[0, 5], [1, 1]]) };

test('popularity, movie and mean parts are worded by their sign', () => {
  const e = explanation(movies, 30, {
    score: 0.3,
    parts: [
      { kind: 'movie', item: 0, weight: 0.4 },
      { kind: 'movie', item: 1, weight: -0.2 },
      { kind: 'popularity', weight: -0.7 },
      { kind: 'movie-mean', weight: -0.1 },
    ],
  }, profile);
  assert.deepEqual(e.parts.map((p) => p.text), [
    'You rated Heat 5★ (in its favour)',
    'You rated Fargo 1★ (against it)',
    'Very widely seen (counts against it)',
    'Rated below average by viewers',
  ]);
  assert.equal(e.reason, 'because you rated Heat 5★');
});

test('a positive popularity part: the count when it is one, else "popular"', () => {
  const texts = (weight) => explanation(movies, 30, { score: 1, parts: [{ kind: 'popularity', weight }] }, profile).parts[0].text;
  assert.equal(texts(161), 'Rated by 161 viewers');
  assert.equal(texts(1), 'Rated by 1 viewer');
  assert.equal(texts(0.35), 'Popular with viewers');
  assert.equal(texts(-0.35), 'Very widely seen (counts against it)');
});

test('the reason sentence uses only parts that pulled the score up', () => {
  const e = explanation(movies, 30, { score: -1, parts: [{ kind: 'popularity', weight: -2 }, { kind: 'movie', item: 1, weight: -1 }] }, profile);
  assert.notEqual(e.reason, 'popular with viewers');
  assert.ok(!/because you rated/.test(e.reason), e.reason);
});
