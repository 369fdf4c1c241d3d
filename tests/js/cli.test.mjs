// The native `cinerec` command: eval's JSON shape, --param parsing, the
// algorithm list, and one-line errors with a non-zero exit.
// CINEREC_BIN overrides the binary (default build/native/cinerec).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.CINEREC_BIN || path.join(root, 'build/native/cinerec');
const ml100k = path.resolve(root, '../shared/data/ml-100k');
const haveData = existsSync(path.join(ml100k, 'u.data'));

function run(args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return r;
}

test('the cinerec binary exists', () => {
  assert.ok(existsSync(bin), `${bin} missing: run scripts/build.sh native`);
});

test('eval --json - writes one object in the documented shape', { skip: !haveData && 'no ../shared/data/ml-100k' }, () => {
  const r = run(['eval', '--data', ml100k, '--algo', 'baseline', '--protocol', 'holdout:0.2', '--json', '-']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ['dataset', 'protocol', 'algorithm', 'params', 'k', 'folds', 'mean',
    'fit_seconds', 'recommend_seconds_per_user']);
  assert.equal(j.dataset, 'ml-100k');
  assert.equal(j.protocol, 'holdout:0.2');
  assert.equal(j.algorithm, 'baseline');
  assert.equal(j.k, 10);
  assert.equal(typeof j.params, 'object');
  assert.deepEqual(Object.keys(j.mean), ['rmse', 'mae', 'precision@10', 'recall@10', 'f1@10', 'ndcg@10', 'map@10',
    'hit_rate@10', 'mrr', 'coverage', 'novelty', 'diversity']);
  for (const [key, v] of Object.entries(j.mean)) assert.equal(typeof v, 'number', key);
  assert.ok(j.mean.rmse > 0.8 && j.mean.rmse < 1.1, `rmse ${j.mean.rmse}`);
  assert.equal(j.folds.length, 1);
  assert.equal(j.folds[0].test_ratings, 20000);
  assert.equal(j.folds[0].train_ratings, 80000);
  assert.ok(j.fit_seconds >= 0 && j.recommend_seconds_per_user >= 0);
});

test('--k, --param and --seed reach the report', { skip: !haveData && 'no data' }, () => {
  const args = ['eval', '--data', ml100k, '--algo', 'svd', '--protocol', 'holdout:0.1', '--k', '5', '--seed', '3',
    '--param', 'n_factors=8', '--param', 'n_epochs=3', '--param', 'biased=false', '--json', '-'];
  const r = run(args);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.k, 5);
  assert.ok('ndcg@5' in j.mean && !('ndcg@10' in j.mean));
  assert.equal(j.params.n_factors, 8);
  assert.equal(j.params.biased, false);
  assert.equal(JSON.parse(run(args).stdout).mean.rmse, j.mean.rmse, 'same seed, same numbers');
});

test('a ranking-only model reports rmse and mae as null', { skip: !haveData && 'no data' }, (t) => {
  const algos = run(['algorithms']).stdout;
  if (!/^popularity\t/m.test(algos)) return t.skip('popularity not registered yet');
  const r = run(['eval', '--data', ml100k, '--algo', 'popularity', '--protocol', 'holdout:0.2', '--json', '-']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.mean.rmse, null);
  assert.equal(j.mean.mae, null);
  assert.equal(typeof j.mean['precision@10'], 'number');
});

test('the table output names the metrics', { skip: !haveData && 'no data' }, () => {
  const r = run(['eval', '--data', ml100k, '--algo', 'baseline', '--protocol', 'kfold:2']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /RMSE/);
  assert.match(r.stdout, /nDCG@10/);
  assert.match(r.stdout, /^mean /m);
});

test('algorithms lists name, tab, description', () => {
  const r = run(['algorithms']);
  assert.equal(r.status, 0);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length >= 1);
  for (const line of lines) assert.match(line, /^[a-z][a-z0-9-]*\t\S.*$/);
  assert.ok(lines.some((l) => l.startsWith('svd\t')));
});

const bad = [
  ['no options', ['eval']],
  ['unknown option', ['eval', '--data', ml100k, '--algo', 'svd', '--frobnicate', '1']],
  ['unknown algorithm', ['eval', '--data', ml100k, '--algo', 'no-such-algo']],
  ['bad protocol', ['eval', '--data', ml100k, '--algo', 'svd', '--protocol', 'holdout:2']],
  ['missing data', ['eval', '--data', '/nonexistent/ml-100k', '--algo', 'svd']],
  ['k zero', ['eval', '--data', ml100k, '--algo', 'svd', '--k', '0']],
  ['bad parameter', ['eval', '--data', ml100k, '--algo', 'svd', '--param', 'n_factors=-3']],
  ['unknown parameter', ['eval', '--data', ml100k, '--algo', 'svd', '--param', 'no_such=1']],
  ['param without =', ['eval', '--data', ml100k, '--algo', 'svd', '--param', 'n_factors']],
  ['bad preset', ['eval', '--data', ml100k, '--algo', 'svd', '--preset', 'fastest']],
  ['--train without --test', ['eval', '--data', ml100k, '--algo', 'svd', '--train', 'x']],
];
for (const [name, args] of bad) {
  test(`bad arguments give a one-line error: ${name}`, () => {
    const r = run(args);
    assert.notEqual(r.status, 0);
    assert.equal(r.stdout, '');
    const err = r.stderr.trimEnd();
    assert.ok(err.length > 0, 'an error message');
    assert.ok(!err.includes('\n'), `one line, got:\n${err}`);
    assert.match(err, /^cinerec/);
  });
}
