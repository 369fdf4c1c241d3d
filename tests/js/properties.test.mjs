// Property tests (fast-check) of everything the JS side takes from outside:
// web/lib's public API (argument checks), rec.movies.search, every importer
// of the app (Letterboxd, IMDb, MovieLens CSV, cinerec's JSON backup) and
// normalizeTitle. Arbitrary input gives a result or a CinerecError — never
// another exception, a promise that never settles, or an answer that breaks
// the result's contract. Seeded, so a failure replays (the seed is printed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRecommender, CinerecError, normalizeTitle } from '../../web/lib/node.js';
import { TitleIndex, importCsv, importJson, titleKeys } from '../../web/app/src/importers.js';
import { missing, snapshotBytes, QUICK } from './lib-helpers.mjs';

const reason = missing();
const skip = reason ? { skip: reason } : {};
const SEED = Number(process.env.CINEREC_PROPERTY_SEED ?? 1306);
const RUNS = Number(process.env.CINEREC_PROPERTY_RUNS ?? 150);
const params = (extra = {}) => ({ seed: SEED, numRuns: RUNS, ...extra });

let rec;
let movies;
let index;
before(async () => {
  if (reason) return;
  rec = await createRecommender({ snapshot: snapshotBytes(), algorithm: 'svd', params: QUICK });
  movies = rec.movies.all();
  index = new TitleIndex(movies);
});
after(() => rec?.dispose());

/** Runs fn; a CinerecError (or a result) is fine, anything else fails. Settles or fails within 60 s. */
async function resultOrCinerecError(fn) {
  let timer;
  const hung = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the call never settled')), 60_000)));
  try {
    return { value: await Promise.race([Promise.resolve().then(fn), hung]) };
  } catch (err) {
    if (err instanceof CinerecError && typeof err.code === 'string' && err.message) return { error: err };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

// Values from the whole range JS programs pass by mistake.
const anything = () =>
  fc.oneof(
    fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }),
    fc.constantFrom(undefined, null, NaN, Infinity, -Infinity, -0, 0, 1, -1, 2 ** 31, 1e308, '', '1', [], {}, () => 1),
  );
const movieIdLike = () => fc.oneof(fc.constantFrom(1, 2, 318, 858, 296), fc.integer(), fc.double(), anything());
const ratingLike = () => fc.oneof(fc.integer({ min: 1, max: 10 }).map((x) => x / 2), fc.double(), anything());
const ratingsLike = () =>
  fc.oneof(fc.array(fc.record({ movieId: movieIdLike(), rating: ratingLike() }), { maxLength: 30 }), fc.array(anything(), { maxLength: 5 }), anything());

test('web/lib: every public call with arbitrary arguments settles with a result or a CinerecError', { ...skip, timeout: 600_000 }, async () => {
  const calls = {
    recommend: (a) => rec.recommend(a),
    similar: (a, b) => rec.similar(a, b),
    explain: (a) => rec.explain(a),
    predict: (a) => rec.predict(a),
    loadModel: (a) => rec.loadModel(a),
    byGenre: (a, b) => rec.movies.byGenre(a, b),
    popular: (a) => rec.movies.popular(a),
    get: (a) => rec.movies.get(a),
  };
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), anything(), anything(), async (name, a, b) => {
      await resultOrCinerecError(() => calls[name](a, b));
    }),
    params(),
  );
  // Shaped like the real options, with arbitrary values inside.
  const options = fc.record(
    {
      ratings: ratingsLike(),
      n: fc.oneof(fc.integer({ min: -5, max: 50 }), anything()),
      genres: fc.oneof(fc.array(fc.constantFrom('Drama', 'Comedy', 'Space Opera', ''), { maxLength: 3 }), anything()),
      exclude: fc.oneof(fc.array(movieIdLike(), { maxLength: 5 }), anything()),
      yearMin: fc.oneof(fc.integer({ min: 1800, max: 2100 }), anything()),
      yearMax: fc.oneof(fc.integer({ min: 1800, max: 2100 }), anything()),
      minRatings: fc.oneof(fc.integer({ min: -2, max: 500 }), anything()),
      movieId: movieIdLike(),
      reasons: anything(),
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(options, async (o) => {
      const r = await resultOrCinerecError(() => rec.recommend(o));
      if (r.value) {
        assert.ok(Array.isArray(r.value));
        for (const m of r.value) assert.ok(rec.movies.has(m.movieId) && typeof m.reason === 'string');
      }
      await resultOrCinerecError(() => rec.explain(o));
      await resultOrCinerecError(() => rec.predict(o));
    }),
    params(),
  );
  // Training and evaluation with arbitrary parameters: refused by name, or run and aborted.
  await fc.assert(
    fc.asyncProperty(
      fc.record({ algorithm: fc.oneof(fc.constantFrom('svd', 'popularity', 'svd++', ''), anything()), params: fc.oneof(fc.dictionary(fc.constantFrom('n_factors', 'n_epochs', 'lr_all', 'x'), anything(), { maxKeys: 2 }), anything()), seed: fc.oneof(fc.nat(), anything()) }, { requiredKeys: [] }),
      async (o) => {
        await resultOrCinerecError(() => rec.train({ ...o, signal: AbortSignal.timeout(2000) }));
      },
    ),
    params({ numRuns: 40 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.record({ algorithms: fc.oneof(fc.array(fc.oneof(fc.constantFrom('popularity', 'nope'), fc.record({ name: fc.constantFrom('popularity', 7), params: anything() })), { maxLength: 2 }), anything()), protocol: fc.oneof(fc.constantFrom('holdout:0.2', 'holdout:2', 'new-users:0.1:10:first', 'sometimes'), anything()), k: fc.oneof(fc.integer({ min: -1, max: 20 }), anything()), seed: anything(), relevanceThreshold: anything(), onProgress: anything() }, { requiredKeys: [] }),
      async (o) => {
        await resultOrCinerecError(() => rec.evaluate({ ...o, signal: AbortSignal.timeout(3000) }));
      },
    ),
    params({ numRuns: 25 }),
  );
  // Still answering, with a model.
  if (!rec.model) await rec.train({ params: QUICK });
  assert.equal((await rec.recommend({ ratings: [{ movieId: movies[0].movieId, rating: 4 }], n: 3 })).length, 3);
});

test('rec.movies.search: arbitrary queries and options give movies of the catalogue or a CinerecError', { ...skip, timeout: 600_000 }, async () => {
  const query = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(fc.constantFrom('the', 'godfathr', 'heat', '1995', 'a', 'l\'', 'über', '(', ')', ',', '&', 'x'.repeat(40)), { maxLength: 400 }).map((w) => w.join(' ')),
    fc.string({ unit: fc.constantFrom(',', ' ', '(', ')', 'a', "'"), maxLength: 5000 }),
    anything(),
  );
  const options = fc.oneof(fc.record({ limit: fc.oneof(fc.integer({ min: -3, max: 30 }), anything()), genre: fc.oneof(fc.constantFrom('Drama', 'Nope'), anything()) }, { requiredKeys: [] }), anything());
  await fc.assert(
    fc.asyncProperty(query, options, async (q, o) => {
      const r = await resultOrCinerecError(() => rec.movies.search(q, o));
      if (r.value) {
        assert.ok(Array.isArray(r.value));
        const limit = o && typeof o === 'object' && o.limit !== undefined ? o.limit : 10;
        assert.ok(r.value.length <= limit);
        for (const m of r.value) assert.equal(rec.movies.get(m.movieId), m);
      }
    }),
    params({ numRuns: 300 }),
  );
});

// CSV text: a header one of the services writes, then rows of arbitrary fields
// (quotes, commas, newlines, numbers out of range, dates, ids of the catalogue).
const field = () =>
  fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', '"', '""', ',', '\n', '\r\n', '5', '4.5', '0', '-1', '11', 'NaN', '1e309', 'tt0114709', '1995', '2021-01-02', '1', '318', 'Heat', 'The Godfather'),
    fc.double().map(String),
    fc.integer().map(String),
  );
const quoted = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const HEADERS = [
  'userId,movieId,rating,timestamp',
  'Date,Name,Year,Letterboxd URI,Rating',
  'Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors',
  'movieId,rating',
];
const csvText = () =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...HEADERS), fc.array(fc.array(field(), { maxLength: 14 }), { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(
      ([header, rows, eol, bom]) => (bom ? '\uFEFF' : '') + [header, ...rows.map((r) => r.map(quoted).join(','))].join(eol),
    ),
    fc.string({ maxLength: 2000 }),
    fc.string({ unit: 'binary', maxLength: 2000 }),
  );

function checkImport(result) {
  assert.ok(typeof result.kind === 'string' && Array.isArray(result.matched) && Array.isArray(result.unmatched));
  for (const m of result.matched) {
    assert.ok(index.byId.has(m.movieId), `matched an unknown movie ${m.movieId}`);
    assert.ok(m.rating >= 0.5 && m.rating <= 5 && Number.isInteger(m.rating * 2), `rating ${m.rating} is off the half-star scale`);
    assert.ok(m.ts === undefined || Number.isFinite(m.ts), `timestamp ${m.ts}`);
  }
  for (const u of result.unmatched) assert.ok(typeof u.reason === 'string' && u.reason);
}

test('importers: arbitrary CSV files give a report or a CinerecError', { ...skip, timeout: 600_000 }, async () => {
  await fc.assert(
    fc.property(csvText(), fc.option(fc.oneof(fc.string(), fc.integer())), (text, userId) => {
      try {
        checkImport(importCsv(text, index, { userId: userId ?? undefined }));
      } catch (err) {
        if (!(err instanceof CinerecError)) throw err;
        assert.equal(err.code, 'PARSE_ERROR');
      }
    }),
    params({ numRuns: 500 }),
  );
});

test('importers: arbitrary JSON backups give a report or a CinerecError', { ...skip, timeout: 600_000 }, async () => {
  const entry = () =>
    fc.oneof(
      fc.record({ movieId: movieIdLike(), rating: ratingLike(), ts: fc.oneof(fc.integer(), anything()), title: fc.oneof(fc.string(), anything()), year: fc.oneof(fc.integer(), anything()) }, { requiredKeys: [] }),
      fc.jsonValue(),
    );
  const backup = fc.oneof(
    fc.record({ format: fc.constantFrom('cinerec-user-data', 'other'), version: fc.jsonValue(), ratings: fc.oneof(fc.array(entry(), { maxLength: 20 }), fc.jsonValue()), hidden: fc.oneof(fc.array(entry(), { maxLength: 5 }), fc.jsonValue()), settings: fc.jsonValue() }, { requiredKeys: ['format'] }).map((o) => JSON.stringify(o, (k, v) => (typeof v === 'bigint' ? String(v) : v))),
    fc.json(),
    fc.string({ maxLength: 500 }),
  );
  await fc.assert(
    fc.property(backup, (text) => {
      try {
        const r = importJson(text, index);
        checkImport(r);
        for (const x of r.hidden) assert.ok(index.byId.has(x.movieId));
      } catch (err) {
        if (!(err instanceof CinerecError)) throw err;
        assert.equal(err.code, 'PARSE_ERROR');
      }
    }),
    params({ numRuns: 500 }),
  );
});

test('normalizeTitle and titleKeys: any string gives a normal form (idempotent), anything else a CinerecError', () => {
  const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom(',', ' ', 'The', '(', ')', "L'", 'é'), maxLength: 3000 }));
  fc.assert(
    fc.property(fc.oneof(text, anything()), (s) => {
      let n;
      try {
        n = normalizeTitle(s);
      } catch (err) {
        assert.ok(typeof s !== 'string' && err instanceof CinerecError && err.code === 'INVALID_ARGUMENT', String(err));
        return;
      }
      assert.equal(typeof n, 'string');
      assert.equal(normalizeTitle(n), n);
      assert.ok(Array.isArray(titleKeys(s)));
    }),
    params({ numRuns: 1000 }),
  );
});
