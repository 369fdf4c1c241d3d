// Snapshots that carry a model, and catalogues (a model, no ratings), through
// web/lib in Node: createRecommender loads the carried model without
// training, a catalogue folds in and refuses to train or evaluate with the
// CATALOGUE code, and the wasm answers as the native CLI does on the same files.
// The snapshots are built here with the native CLI (build/native/cinerec).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecommender } from '../../web/lib/node.js';
import { missing, repo, SNAPSHOT } from './lib-helpers.mjs';

const bin = process.env.CINEREC_BIN || join(repo, 'build/native/cinerec');
const skip = missing() || (!existsSync(bin) && `${bin} is missing: run scripts/build.sh native`);
let dir;
const files = {};

function cli(args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `cinerec ${args.join(' ')}:\n${r.stderr}`);
  return r.stdout;
}

// Ten of the most rated movies of the default snapshot, rated 1..5.
const mine = [
  [356, 5], [296, 4.5], [318, 5], [593, 4], [260, 1],
  [480, 3], [110, 2], [589, 3.5], [2571, 1.5], [1, 4],
].map(([movieId, rating]) => ({ movieId, rating }));

before(() => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'cinerec-catalogue-'));
  files.model = join(dir, 'als.bin');
  files.withModel = join(dir, 'with-model.cinerec');
  files.catalogue = join(dir, 'catalogue.cinerec');
  files.ratings = join(dir, 'mine.csv');
  cli(['train', '--data', SNAPSHOT, '--algo', 'als', '--param', 'n_factors=12', '--param', 'n_epochs=6', '--out', files.model]);
  cli(['snapshot', '--from', SNAPSHOT, '--out', files.withModel, '--model', files.model]);
  cli(['snapshot', '--from', SNAPSHOT, '--out', files.catalogue, '--model', files.model, '--ratings', 'none', '--factors', 'i8']);
  writeFileSync(files.ratings, 'movieId,rating\n' + mine.map((r) => `${r.movieId},${r.rating}`).join('\n') + '\n');
});

after(() => dir && rmSync(dir, { recursive: true, force: true }));

test('a snapshot with a model: no training, the same list as the native CLI', { skip }, async () => {
  const rec = await createRecommender({ snapshot: readFileSync(files.withModel) });
  try {
    assert.equal(rec.model.algorithm, 'als');
    assert.equal(rec.model.trainSeconds, null, 'loaded, not trained');
    assert.equal(rec.carriedModel, rec.model);
    assert.equal(rec.isCatalogue, false);
    assert.equal(rec.snapshotInfo.modelFactors, 'f32');
    const top = await rec.recommend({ ratings: mine, n: 10 });
    const native = JSON.parse(cli(['recommend', '--data', files.withModel, '--model', files.model, '--ratings', files.ratings, '--json', '-']));
    assert.deepEqual(top.map((m) => m.movieId), native.recommendations.map((m) => m.movieId));
    // Naming another algorithm still trains it; the ratings are there.
    const info = await rec.train({ algorithm: 'baseline' });
    assert.equal(info.algorithm, 'baseline');
    assert.ok(info.trainSeconds >= 0);
  } finally {
    rec.dispose();
  }
});

test('a catalogue folds in against its model and refuses to train or evaluate', { skip }, async () => {
  const bytes = readFileSync(files.catalogue);
  assert.ok(bytes.length < readFileSync(files.withModel).length, 'no ratings, i8 factors');
  const rec = await createRecommender({ snapshot: bytes });
  try {
    assert.equal(rec.isCatalogue, true);
    assert.equal(rec.snapshotInfo.users, 0);
    assert.equal(rec.snapshotInfo.ratings, 0);
    assert.deepEqual(rec.snapshotInfo.ratedBy, { users: 671, ratings: 100004 });
    assert.equal(rec.snapshotInfo.modelFactors, 'i8');
    assert.equal(rec.model.algorithm, 'als');
    // The per-movie statistics came along: Forrest Gump is the most rated movie.
    assert.equal(rec.movies.popular({ limit: 1 })[0].movieId, 356);
    const top = await rec.recommend({ ratings: mine, n: 10 });
    assert.equal(top.length, 10);
    assert.ok(top.every((m) => !mine.some((r) => r.movieId === m.movieId)));
    const popular = await rec.recommend({ ratings: [], n: 5 });
    assert.equal(popular.length, 5);
    for (const call of [() => rec.train({ algorithm: 'als' }), () => rec.evaluate({ algorithms: ['als'] })]) {
      await assert.rejects(call(), (err) => {
        assert.equal(err.code, 'CATALOGUE');
        assert.match(err.message, /catalogue .*als model, no ratings.*cannot train or evaluate/);
        return true;
      });
    }
  } finally {
    rec.dispose();
  }
  // Asking for another algorithm on a catalogue fails at once, with the same code.
  await assert.rejects(createRecommender({ snapshot: bytes, algorithm: 'svd' }), { code: 'CATALOGUE' });
});

test('the quantised catalogue ranks close to the f32 model', { skip }, async () => {
  const a = await createRecommender({ snapshot: readFileSync(files.withModel) });
  const b = await createRecommender({ snapshot: readFileSync(files.catalogue) });
  try {
    const x = (await a.recommend({ ratings: mine, n: 20 })).map((m) => m.movieId);
    const y = (await b.recommend({ ratings: mine, n: 20 })).map((m) => m.movieId);
    const shared = x.filter((id) => y.includes(id)).length;
    assert.ok(shared >= 16, `i8 keeps ${shared} of the f32 top 20`);
  } finally {
    a.dispose();
    b.dispose();
  }
});
