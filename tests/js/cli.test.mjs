// The native `cinerec` command: eval's JSON shape, --param parsing, the
// algorithm list, snapshot building and --info, and one-line errors with a
// non-zero exit.
// CINEREC_BIN overrides the binary (default build/native/cinerec).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.CINEREC_BIN || path.join(root, 'build/native/cinerec');
const ml100k = path.resolve(root, '../shared/data/ml-100k');
const haveData = existsSync(path.join(ml100k, 'u.data'));
const fixture = path.join(root, 'tests/fixtures/movielens/csv-tricky');
const committed = path.join(root, 'public/data/default.cinerec');

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
function assertOneLineError(r, message = /^cinerec/) {
  assert.notEqual(r.status, 0);
  assert.equal(r.stdout, '');
  const err = r.stderr.trimEnd();
  assert.ok(err.length > 0, 'an error message');
  assert.ok(!err.includes('\n'), `one line, got:\n${err}`);
  assert.match(err, message);
}

for (const [name, args] of bad) {
  test(`bad arguments give a one-line error: ${name}`, () => assertOneLineError(run(args)));
}

function withTempDir(body) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cinerec-cli-'));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('snapshot --from writes a snapshot that --info describes', () => withTempDir((dir) => {
  const out = path.join(dir, 'tricky.cinerec');
  const r = run(['snapshot', '--from', fixture, '--out', out, '--name', 'tricky', '--source=hand-made', '--timestamps']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^wrote .*tricky\.cinerec: \d+ bytes, \d+ movies, \d+ users, \d+ ratings, tags, timestamps/);
  assert.deepEqual(readdirSync(dir), ['tricky.cinerec'], 'no temporary file is left');
  const info = run(['snapshot', '--info', out]);
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stdout, /^name {8}tricky$/m);
  assert.match(info.stdout, /^source {6}hand-made$/m);
  assert.match(info.stdout, /^timestamps {2}yes$/m);
  assert.match(info.stdout, /^checksums {3}ok/m);
  // Without --name/--source: the folder's name; without --timestamps: none.
  const plain = path.join(dir, 'plain.cinerec');
  assert.equal(run(['snapshot', '--out', plain, '--from', fixture]).status, 0);
  const plainInfo = run(['snapshot', '--info', plain]).stdout;
  assert.match(plainInfo, /^name {8}csv-tricky$/m);
  assert.match(plainInfo, /^source {6}MovieLens folder csv-tricky$/m);
  assert.match(plainInfo, /^timestamps {2}no$/m);
}));

test('cinerec snapshot --info describes the default snapshot', () => {
  const r = run(['snapshot', '--info', committed]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^name {8}movielens-dslabs$/m);
  assert.match(r.stdout, /^movies {6}9066$/m);
  assert.match(r.stdout, /^users {7}671$/m);
  assert.match(r.stdout, /^ratings {5}100004$/m);
  assert.match(r.stdout, /^timestamps {2}yes$/m);
  assert.match(r.stdout, /^checksums {3}ok/m);
});

test('snapshot --help and -h print every option', () => {
  for (const args of [['snapshot', '--help'], ['snapshot', '--from', fixture, '-h']]) {
    const r = run(args);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^usage: cinerec snapshot --from DIR --out FILE/);
    for (const option of ['--from', '--out', '--name', '--source', '--timestamps', '--info'])
      assert.ok(r.stdout.includes(`  ${option} `), option);
  }
});

test('snapshot errors are one line that names the option or the path', () => withTempDir((dir) => {
  const nowhere = path.join(dir, 'nowhere');
  const out = path.join(dir, 'x.cinerec');
  const E = 'cinerec: INVALID_ARGUMENT: snapshot: ';
  const cases = [
    [['snapshot'], new RegExp(`^${E}needs --from DIR and --out FILE, or --info FILE`)],
    [['snapshot', '--bogus'], new RegExp(`^${E}unknown option '--bogus' \\(see cinerec snapshot --help\\)$`)],
    [['snapshot', '--from', fixture, '--out', out, '--frobnicate=3'], new RegExp(`^${E}unknown option '--frobnicate'`)],
    [['snapshot', '--from'], new RegExp(`^${E}--from needs a value$`)],
    [['snapshot', '--from', fixture], new RegExp(`^${E}needs --from DIR and --out FILE`)],
    [['snapshot', '--from', fixture, '--from', fixture, '--out', out], new RegExp(`^${E}--from given twice$`)],
    [['snapshot', '--from', fixture, '--out', out, '--timestamps=yes'], new RegExp(`^${E}--timestamps takes no value$`)],
    [['snapshot', '--info', committed, '--out', out], new RegExp(`^${E}--info does not go with --from/--out$`)],
    [['snapshot', '--from', nowhere, '--out', out], /^cinerec: NOT_FOUND: .*nowhere: no MovieLens files/],
    [['snapshot', '--from', fixture, '--out', path.join(nowhere, 'x.cinerec')],
      new RegExp(`^cinerec: IO_ERROR: ${path.join(nowhere, 'x.cinerec')}: cannot write`)],
    [['snapshot', '--info', path.join(dir, 'none.cinerec')], new RegExp(`^cinerec: NOT_FOUND: ${dir}/none\\.cinerec: no such file$`)],
    [['snapshot', '--info', path.join(root, 'package.json')], /^cinerec: SNAPSHOT_CORRUPT: snapshot: not a cinerec snapshot \(bad magic\)$/],
    [['bench', 'snapshot', '--data', path.join(dir, 'none.cinerec')], /^cinerec: NOT_FOUND: .*none\.cinerec: no such file$/],
  ];
  for (const [args, message] of cases) assertOneLineError(run(args), message);
  assert.deepEqual(readdirSync(dir), [], 'a failed snapshot writes nothing');
}));

test('generate writes a MovieLens folder that snapshot reads, the same for any --threads', () => withTempDir((dir) => {
  const a = path.join(dir, 'a'), b = path.join(dir, 'b');
  const r = run(['generate', '--out', a, '--ratings', '8000', '--users', '60', '--movies', '500', '--seed', '3']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^wrote .*a: 8000 ratings, 60 users, 500 movies, 347 tags, \d+ bytes/);
  assert.deepEqual(readdirSync(a).sort(), ['links.csv', 'movies.csv', 'ratings.csv', 'tags.csv']);
  assert.equal(run(['generate', '--out', b, '--ratings', '8000', '--users', '60', '--movies', '500', '--seed', '3',
    '--threads', '2']).status, 0);
  for (const f of readdirSync(a)) assert.ok(readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))), f);
  const snap = path.join(dir, 'g.cinerec');
  const s = run(['snapshot', '--from', a, '--out', snap, '--threads', '2']);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /500 movies, 60 users, 8000 ratings, tags/);
  assertOneLineError(run(['generate', '--out', path.join(dir, 'c'), '--ratings', '10', '--users', '2', '--movies', '3']),
    /^cinerec: INVALID_ARGUMENT: generate: 10 ratings do not fit 2 users × 3 movies/);
  assertOneLineError(run(['generate', '--ratings', '10']), /^cinerec: INVALID_ARGUMENT: generate: needs --out DIR and --ratings N/);
}));
