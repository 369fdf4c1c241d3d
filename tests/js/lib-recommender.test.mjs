// web/lib in Node against the real wasm module and the default snapshot:
// recommendations for a profile, determinism, filters, similar/explain/predict,
// model bytes, search, cancelling, evaluation, Node URL forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { dirname } from 'node:path';
import { createRecommender } from '../../web/lib/node.js';
import { missing, SNAPSHOT, WASM, QUICK, profileOf, serve, snapshotBytes } from './lib-helpers.mjs';

const reason = missing();
const skip = reason ? { skip: reason } : {};
if (reason) console.log(`# skipping web/lib tests: ${reason}`);

let rec; // svd with default parameters, seed 42, in a worker
let ratings;
before(async () => {
  if (reason) return;
  rec = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'svd', seed: 42 });
  ratings = profileOf(rec);
});
after(() => rec?.dispose());

test('loads the real wasm module and the default snapshot', skip, () => {
  const info = rec.snapshotInfo;
  assert.ok(info.movies > 1000 && info.ratings > 10000 && info.users > 100, JSON.stringify(info));
  assert.equal(rec.movies.count, info.movies);
  assert.equal(info.ratingMin, 0.5);
  assert.equal(info.ratingMax, 5);
  assert.ok(rec.algorithms.some((a) => a.name === 'svd' && a.predictsRatings));
  assert.equal(rec.model.algorithm, 'svd');
  assert.equal(rec.model.seed, 42);
  assert.equal(rec.model.params.n_factors, 100);
  const toy = rec.movies.search('toy story')[0];
  assert.match(toy.title, /Toy Story/);
  assert.equal(toy.year, 1995);
  assert.ok(toy.genres.includes('Animation'));
  assert.ok(toy.ratingCount > 0 && toy.meanRating > 3);
  assert.equal(rec.movies.get(toy.movieId), toy, 'one frozen object per movie');
  assert.ok(Object.isFrozen(toy));
});

test('recommends for a profile: rated movies excluded, n honoured, sorted, with reasons', skip, async () => {
  for (const n of [1, 10, 25]) {
    const top = await rec.recommend({ ratings, n });
    assert.equal(top.length, n);
    const rated = new Set(ratings.map((r) => r.movieId));
    for (const m of top) {
      assert.ok(!rated.has(m.movieId), `recommended a rated movie: ${m.title}`);
      assert.equal(typeof m.title, 'string');
      assert.ok(Array.isArray(m.genres));
      assert.ok(Number.isFinite(m.score));
      assert.ok(m.reason.length > 0, `no reason for ${m.title}`);
    }
    for (let j = 1; j < top.length; j++) assert.ok(top[j - 1].score >= top[j].score, 'scores must not increase');
    assert.equal(new Set(top.map((m) => m.movieId)).size, top.length, 'no duplicates');
  }
  const top = await rec.recommend({ ratings, n: 10 });
  assert.ok(top.some((m) => /^because you rated .+ (\d(\.5)?)★$/.test(m.reason) || /^matches: /.test(m.reason)),
    top.map((m) => m.reason).join(' | '));
  // Without reasons, the same list.
  const bare = await rec.recommend({ ratings, n: 10, reasons: false });
  assert.deepEqual(bare.map((m) => m.movieId), top.map((m) => m.movieId));
  assert.ok(bare.every((m) => m.reason === ''));
  // An empty profile gives what is popular and well liked (Session::popular), not the model's guess.
  const cold = await rec.recommend({ ratings: [], n: 10 });
  assert.equal(cold.length, 10);
  assert.ok(cold.every((m) => m.ratingCount >= 50), cold.map((m) => `${m.title} ${m.ratingCount}`).join(' | '));
  assert.match(cold[0].reason, /^popular and well liked: \d\.\d★ from [\d,]+ ratings$/);
});

test('deterministic for a seed: worker and in-process agree; another seed differs', skip, async () => {
  const a = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'svd', params: QUICK, seed: 7 });
  const b = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'svd', params: QUICK, seed: 7, worker: false });
  const c = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'svd', params: QUICK, seed: 8 });
  try {
    const ra = await a.recommend({ ratings, n: 20 });
    const rb = await b.recommend({ ratings, n: 20 });
    const rc = await c.recommend({ ratings, n: 20 });
    assert.deepEqual(ra.map((m) => [m.movieId, m.score]), rb.map((m) => [m.movieId, m.score]));
    assert.notDeepEqual(ra.map((m) => m.score), rc.map((m) => m.score));
    const seen = [];
    await a.train({ params: QUICK, seed: 7, onProgress: (p) => seen.push(p) });
    // Every progress call arrives before the promise settles.
    assert.deepEqual(seen.map((p) => p.epoch), [...Array(QUICK.n_epochs).keys()].map((k) => k + 1));
    assert.ok(seen.every((p) => p.totalEpochs === QUICK.n_epochs && p.loss > 0 && p.elapsed >= 0 && p.stage === 'epoch'));
    const again = await a.recommend({ ratings, n: 20 });
    assert.deepEqual(again.map((m) => [m.movieId, m.score]), ra.map((m) => [m.movieId, m.score]));
  } finally {
    a.dispose();
    b.dispose();
    c.dispose();
  }
});

test('filters: genres, exclude, years, minimum ratings', skip, async () => {
  const first = await rec.recommend({ ratings, n: 5 });
  const ex = await rec.recommend({ ratings, n: 5, exclude: [first[0].movieId, 999999999] });
  assert.ok(!ex.some((m) => m.movieId === first[0].movieId));
  assert.equal(ex[0].movieId, first[1].movieId);
  const crime = await rec.recommend({ ratings, n: 10, genres: ['Crime', 'Horror'] });
  assert.equal(crime.length, 10);
  assert.ok(crime.every((m) => m.genres.includes('Crime') || m.genres.includes('Horror')));
  const nineties = await rec.recommend({ ratings, n: 10, yearMin: 1990, yearMax: 1999 });
  assert.ok(nineties.every((m) => m.year >= 1990 && m.year <= 1999));
  const known = await rec.recommend({ ratings, n: 10, minRatings: 50 });
  assert.ok(known.every((m) => m.ratingCount >= 50));
});

test('similar, explain and predict', skip, async () => {
  const toy = rec.movies.search('toy story')[0];
  const sim = await rec.similar(toy.movieId, { n: 5 });
  assert.equal(sim.length, 5);
  assert.ok(!sim.some((m) => m.movieId === toy.movieId));
  assert.ok(sim.every((m) => m.score <= 1.0001 && m.score >= -1.0001));
  // By ratings (the default): no neighbour under the floor of 20 ratings, and
  // Toy Story's sequel is among them; by model, the same floor.
  assert.ok(sim.every((m) => m.ratingCount >= 20), sim.map((m) => `${m.title} ${m.ratingCount}`).join(' | '));
  assert.ok((await rec.similar(toy.movieId, { n: 10 })).some((m) => m.title === 'Toy Story 2'));
  const byModel = await rec.similar(toy.movieId, { n: 5, by: 'model' });
  assert.equal(byModel.length, 5);
  assert.ok(byModel.every((m) => m.ratingCount >= 20));
  assert.ok((await rec.similar(toy.movieId, { n: 5, by: 'model', minRatings: 0 })).length === 5);
  await assert.rejects(rec.similar(toy.movieId, { by: 'magic' }), /by must be "ratings" or "model"/);
  await assert.rejects(rec.similar(toy.movieId, { minRatings: -1 }), /minRatings must be an integer >= 0/);
  const liked = ratings.find((r) => r.rating >= 4);
  const top = await rec.recommend({ ratings, n: 3 });
  const why = await rec.explain({ ratings, movieId: top[0].movieId });
  assert.equal(why.movieId, top[0].movieId);
  assert.ok(Math.abs(why.score - top[0].score) < 1e-3, `explain score ${why.score} vs ${top[0].score}`);
  assert.equal(why.reason, top[0].reason);
  assert.ok(why.parts.length > 0);
  const kinds = ['movie', 'genre', 'tag', 'word', 'decade', 'group', 'popularity', 'movie-mean', 'user-mean',
    'similar-user', 'which-rated'];
  for (const p of why.parts) {
    assert.ok(kinds.includes(p.kind), p.kind);
    assert.equal(typeof p.text, 'string');
    assert.ok(p.text.length > 0);
    if (p.kind === 'movie') {
      assert.equal(rec.movies.get(p.movieId).title, p.title);
      assert.equal(typeof p.rating, 'number');
      assert.ok(p.text.includes(p.title));
    }
  }
  const r = await rec.predict({ ratings, movieId: top[0].movieId });
  assert.ok(r >= 0.5 && r <= 5);
  assert.ok(Math.abs(r - Math.min(5, top[0].score)) < 1e-3);
  // Several at once: the same values as one by one, in the order asked.
  const ids = top.slice(0, 4).map((m) => m.movieId).reverse();
  const many = await rec.predict({ ratings, movieIds: ids });
  assert.equal(many.length, ids.length);
  for (const [k, id] of ids.entries()) assert.ok(Math.abs(many[k] - (await rec.predict({ ratings, movieId: id }))) < 1e-6);
  assert.deepEqual(await rec.predict({ ratings, movieIds: [] }), []);
  assert.ok(liked);
});

test('saveModel / loadModel: the same recommendations from the bytes', skip, async () => {
  const bytes = await rec.saveModel();
  assert.ok(bytes instanceof Uint8Array && bytes.length > 1000);
  const expected = await rec.recommend({ ratings, n: 10 });
  const other = await createRecommender({ snapshot: snapshotBytes(), model: bytes });
  try {
    assert.equal(other.model.algorithm, 'svd');
    assert.equal(other.model.trainSeconds, null);
    const got = await other.recommend({ ratings, n: 10 });
    assert.deepEqual(got.map((m) => [m.movieId, m.score]), expected.map((m) => [m.movieId, m.score]));
  } finally {
    other.dispose();
  }
});

test('movies: popular() is most rated first (ties in catalogue order), yearSpan() the years of all(); the starters from the most rated are those of the whole catalogue', skip, async () => {
  const all = rec.movies.all();
  const sorted = all.map((m, i) => ({ m, i })).sort((a, b) => b.m.ratingCount - a.m.ratingCount || a.i - b.i).map((x) => x.m);
  assert.deepEqual(rec.movies.popular({ limit: 50 }), sorted.slice(0, 50));
  assert.deepEqual(rec.movies.popular({ limit: Infinity }), sorted);
  assert.deepEqual(rec.movies.popular({ limit: 0 }), []);
  const years = all.map((m) => m.year).filter(Boolean);
  // Titles come as one UTF-8 block and are decoded one by one: accents survive.
  assert.equal(rec.movies.get(4973).title, "Amelie (Le Fabuleux destin d'Amélie Poulain)");
  assert.ok(all.filter((m) => /[^\x00-\x7f]/.test(m.title)).length > 100);
  assert.deepEqual(rec.movies.yearSpan(), { first: Math.min(...years), last: Math.max(...years) });
  const { pickStarters, STARTER_POOL } = await import('../../web/app/src/starters.js');
  assert.ok(all.length > STARTER_POOL, 'the default snapshot has more movies than the pool');
  assert.deepEqual(pickStarters(rec.movies.popular({ limit: STARTER_POOL }), 30), pickStarters(all, 30));
});

test('search: typo-tolerant, year match, fast', skip, () => {
  const first = (q) => rec.movies.search(q, { limit: 3 })[0];
  assert.match(first('godfathr').title, /^(The )?Godfather(, The)?$/);
  assert.equal(first('godfathr').year, 1972);
  const heat = first('heat 1995');
  assert.equal(heat.title, 'Heat');
  assert.equal(heat.year, 1995);
  assert.match(first('TOY  story!').title, /^Toy Story$/);
  assert.match(first('shawshank').title, /Shawshank Redemption/);
  // MovieLens's spelling finds the snapshot's, which moved the article to the front.
  assert.equal(first('Shawshank Redemption, The').title, 'The Shawshank Redemption');
  assert.match(first('star wars').title, /^Star Wars/);
  assert.deepEqual(rec.movies.search(''), []);
  assert.deepEqual(rec.movies.search('zzzzqqqq'), []);
  assert.ok(rec.movies.search('the', { limit: 50 }).length === 50);
  assert.ok(rec.movies.search('love', { genre: 'Comedy', limit: 5 }).every((m) => m.genres.includes('Comedy')));
  // Fast: a fresh word per query (no cache help).
  const words = ['matrx', 'terminatr', 'jurasic', 'forrest', 'titanc', 'incepton', 'gladiatr', 'braveheat'];
  const t0 = performance.now();
  for (const w of words) assert.ok(rec.movies.search(w).length > 0, w);
  const ms = (performance.now() - t0) / words.length;
  console.log(`# search: ${ms.toFixed(2)} ms per uncached query`);
  assert.ok(ms < 50, `search too slow: ${ms} ms`);
  const drama = rec.movies.byGenre('Drama', { limit: 5 });
  assert.equal(drama.length, 5);
  assert.ok(drama.every((m) => m.genres.includes('Drama')));
  assert.ok(drama[0].ratingCount >= drama[4].ratingCount);
  assert.equal(rec.movies.all().length, rec.movies.count);
  assert.ok(rec.movies.genres.includes('Drama'));
});

test('abort: training stops at once, the previous model stays, later calls work', skip, async () => {
  const before = await rec.recommend({ ratings, n: 10, reasons: false });
  const ac = new AbortController();
  let abortedAt = 0;
  const training = rec.train({
    params: { n_epochs: 5000 },
    signal: ac.signal,
    onProgress: (p) => {
      if (p.epoch === 2 && !abortedAt) {
        abortedAt = performance.now();
        ac.abort();
      }
    },
  });
  const queued = rec.recommend({ ratings, n: 10, reasons: false }); // waits behind the training
  await assert.rejects(training, (e) => e.name === 'CinerecError' && e.code === 'ABORTED' && /training was aborted/.test(e.message));
  const rejectMs = performance.now() - abortedAt;
  const after = await queued;
  const restoredMs = performance.now() - abortedAt;
  console.log(`# abort: rejected after ${rejectMs.toFixed(1)} ms, worker restored and answering after ${restoredMs.toFixed(0)} ms`);
  assert.ok(rejectMs < 50, `abort took ${rejectMs} ms`);
  assert.deepEqual(after.map((m) => [m.movieId, m.score]), before.map((m) => [m.movieId, m.score]));
  assert.equal(rec.model.params.n_epochs, 20);
  // A signal that is already aborted rejects before any work.
  await assert.rejects(rec.train({ signal: AbortSignal.abort() }), { code: 'ABORTED' });
});

test('abort in-process: seen by the progress callback at the next epoch', skip, async () => {
  const local = await createRecommender({ snapshotUrl: SNAPSHOT, algorithm: 'svd', params: QUICK, worker: false });
  try {
    const ac = new AbortController();
    let last = 0;
    await assert.rejects(
      local.train({ params: { n_epochs: 1000 }, signal: ac.signal, onProgress: (p) => ((last = p.epoch), p.epoch === 3 && ac.abort()) }),
      { code: 'ABORTED' },
    );
    assert.ok(last <= 4, `kept training until epoch ${last}`);
    assert.equal(local.model.params.n_epochs, QUICK.n_epochs);
    assert.equal((await local.recommend({ ratings, n: 3 })).length, 3);
  } finally {
    local.dispose();
  }
});

test('evaluate: one report per algorithm from the C++ evaluation', skip, async () => {
  const seen = new Set();
  const reports = await rec.evaluate({
    algorithms: ['popularity', { name: 'svd', params: QUICK }],
    protocol: 'holdout:0.2',
    k: 10,
    onProgress: (p) => seen.add(`${p.algorithm}:${p.stage}`),
  });
  assert.equal(reports.length, 2);
  assert.deepEqual(reports.map((r) => r.algorithm), ['popularity', 'svd']);
  for (const r of reports) {
    assert.equal(r.protocol, 'holdout:0.2');
    assert.equal(r.k, 10);
    assert.ok(r.mean['ndcg@10'] > 0 && r.mean['ndcg@10'] <= 1);
  }
  assert.ok(reports[1].mean.rmse > 0.5 && reports[1].mean.rmse < 1.5);
  assert.equal(reports[0].mean.rmse, null);
  assert.ok(seen.has('svd:done'), [...seen].join(','));
  assert.equal(rec.model.algorithm, 'svd', 'evaluate leaves the current model alone');
  const ac = new AbortController();
  const t = rec.evaluate({ algorithms: ['svd'], protocol: 'kfold:5', signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(t, { code: 'ABORTED' });
});

test('evaluate: new-users:F:G:first passes through to the C++ protocol', skip, async () => {
  assert.ok(rec.snapshotInfo.hasTimestamps, 'the default snapshot carries timestamps');
  const [first] = await rec.evaluate({ algorithms: ['popularity'], protocol: 'new-users:0.1:10:first' });
  assert.equal(first.protocol, 'new-users:0.1:10:first');
  assert.ok(first.folds[0].users_ranked > 0);
  const [random] = await rec.evaluate({ algorithms: ['popularity'], protocol: 'new-users:0.1:10:random' });
  assert.equal(random.protocol, 'new-users:0.1:10');
  // The same held-out users (as many test ratings), other profiles (other figures).
  assert.equal(first.folds[0].test_ratings, random.folds[0].test_ratings);
  assert.notDeepEqual(first.mean, random.mean);
});

test('Node: snapshot and wasm as paths, file: URLs and http URLs', skip, async () => {
  const server = await serve(dirname(SNAPSHOT));
  const wasmServer = await serve(dirname(WASM));
  const name = SNAPSHOT.split('/').pop();
  try {
    for (const [snapshotUrl, wasmUrl] of [
      [pathToFileURL(SNAPSHOT), pathToFileURL(WASM).href],
      [`${server.url}/${name}`, `${wasmServer.url}/cinerec.wasm`],
    ]) {
      const r = await createRecommender({ snapshotUrl, wasmUrl, algorithm: 'popularity' });
      try {
        assert.equal(r.movies.count, rec.movies.count);
        assert.equal((await r.recommend({ ratings, n: 4 })).length, 4);
      } finally {
        r.dispose();
      }
    }
  } finally {
    await server.close();
    await wasmServer.close();
  }
});

test('generic binding: other registered algorithms train and recommend', skip, async () => {
  const names = rec.algorithms.map((a) => a.name);
  for (const name of ['popularity', 'baseline', 'slope-one'].filter((n) => names.includes(n))) {
    const m = await rec.train({ algorithm: name });
    assert.equal(m.algorithm, name);
    const top = await rec.recommend({ ratings, n: 5 });
    assert.equal(top.length, 5, name);
  }
  await rec.train({ algorithm: 'svd', seed: 42 }); // back to the model the other tests expect
});

test('the default model is ltr: it ranks, names the rated movies behind a pick, and predicts no stars', skip, async () => {
  // Small settings keep the test quick; the algorithm is the one chosen when none is named.
  const r = await createRecommender({ snapshotUrl: SNAPSHOT, params: { hidden: 8, epochs: 1, n_candidates: 300 }, seed: 3 });
  try {
    assert.equal(r.model.algorithm, 'ltr');
    assert.equal(r.model.params.hidden, 8);
    assert.equal(r.algorithms.find((a) => a.name === 'ltr').predictsRatings, false);
    const top = await r.recommend({ ratings, n: 10 });
    assert.equal(top.length, 10);
    const rated = new Set(ratings.map((x) => x.movieId));
    assert.ok(top.every((m) => !rated.has(m.movieId) && Number.isFinite(m.score)));
    // Some pick is explained by the rated movies that pulled it (ltr's co-occurrence terms).
    const whys = await Promise.all(top.map((m) => r.explain({ ratings, movieId: m.movieId })));
    assert.ok(whys.some((w) => w.parts.some((p) => p.kind === 'movie' && rated.has(p.movieId))),
      JSON.stringify(whys[0].parts));
  } finally {
    r.dispose();
  }
});
