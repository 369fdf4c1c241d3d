// cinerec import-spark against fixture files in Spark MLlib's exact layouts
// (tests/fixtures/spark, scripts/spark/README.md): the imported model folds a
// person in as the model the factors came from does (a round trip of
// cinerec's own als/ials factors), and bad Spark output is a one-line error
// naming the file, the line or item, and the reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.CINEREC_BIN || path.join(root, 'build/native/cinerec');
const fixtures = path.join(root, 'tests/fixtures/spark');
const data = path.join(fixtures, 'data');
const skip = !existsSync(bin) && `${bin} is missing: run scripts/build.sh native`;
let dir;

function run(args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return r;
}
function ok(args) {
  const r = run(args);
  assert.equal(r.status, 0, `cinerec ${args.join(' ')}:\n${r.stderr}`);
  return r;
}
function oneLineError(args, message) {
  const r = run(args);
  assert.notEqual(r.status, 0, `cinerec ${args.join(' ')} should fail`);
  const err = r.stderr.trimEnd();
  assert.ok(!err.includes('\n'), `one line, got:\n${err}`);
  assert.match(err, message);
  return err;
}

// Five movies of the fixture data, rated by a person who is not in it.
function person() {
  const ids = readFileSync(path.join(data, 'movies.csv'), 'utf8').trim().split('\n').slice(1, 6).map((l) => l.split(',')[0]);
  const file = path.join(dir, 'mine.csv');
  writeFileSync(file, 'movieId,rating\n' + ids.map((id, i) => `${id},${[5, 1, 4, 2.5, 3][i]}`).join('\n') + '\n');
  return file;
}

function recommend(model, ratings) {
  return JSON.parse(ok(['recommend', '--data', data, '--model', model, '--ratings', ratings, '--n', '15', '--json', '-']).stdout);
}

before(() => {
  if (skip) return;
  dir = mkdtempSync(path.join(tmpdir(), 'cinerec-spark-'));
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

// The model the fixture factors came from (scripts/spark/README.md gives the commands).
function original(algo, params) {
  const model = path.join(dir, `${algo}.model`);
  ok(['train', '--data', data, '--algo', algo, ...params.flatMap((p) => ['--param', p]), '--seed', '1', '--out', model]);
  return model;
}

test('ALSModel.save (Parquet): the imported als recommends what the original did', { skip }, () => {
  const imported = path.join(dir, 'imported-als.model');
  const r = ok(['import-spark', '--from', path.join(fixtures, 'als-explicit'), '--data', data, '--out', imported]);
  assert.match(r.stderr, /^import-spark: \d+ item factors of rank 4 from .*itemFactors -> als \(.*"biased":false.*"reg":0\.1/);
  const from = original('als', ['n_factors=4', 'biased=false', 'reg=0.1', 'n_epochs=10']);
  const mine = person();
  const a = recommend(from, mine).recommendations, b = recommend(imported, mine).recommendations;
  assert.deepEqual(b.map((m) => m.movieId), a.map((m) => m.movieId));
  for (let j = 0; j < a.length; j++) assert.ok(Math.abs(a[j].score - b[j].score) < 1e-4, `${a[j].score} vs ${b[j].score}`);
});

test('itemFactors.write.json: the imported ials (implicitPrefs) recommends what the original did', { skip }, () => {
  const imported = path.join(dir, 'imported-ials.model');
  const r = ok(['import-spark', '--from', path.join(fixtures, 'ials-json'), '--data', data, '--out', imported]);
  assert.match(r.stderr, /-> ials \(.*"alpha":2.*"regularization":0\.1,"regularization_scale":"ratings"/);
  const from = original('ials', ['factors=4', 'alpha=2', 'regularization=0.1', 'regularization_scale="ratings"', 'iterations=8', 'solver="cholesky"']);
  const mine = person();
  const a = recommend(from, mine).recommendations, b = recommend(imported, mine).recommendations;
  assert.deepEqual(b.map((m) => m.movieId), a.map((m) => m.movieId));
});

test('the parameters come from the job, never a guess', { skip }, () => {
  const bare = path.join(dir, 'bare');
  cpSync(path.join(fixtures, 'als-explicit'), bare, { recursive: true });
  rmSync(path.join(bare, 'cinerec-spark.json'));
  const out = path.join(dir, 'x.model');
  oneLineError(['import-spark', '--from', bare, '--data', data, '--out', out],
    /^cinerec: INVALID_ARGUMENT: import-spark: Spark's saved model keeps its rank but not regParam/);
  ok(['import-spark', '--from', bare, '--data', data, '--out', out, '--reg', '0.1']);
  oneLineError(['import-spark', '--from', path.join(fixtures, 'als-explicit'), '--data', data, '--out', out, '--reg', '1'],
    /already gives the parameters/);
  oneLineError(['import-spark', '--from', bare, '--data', data, '--out', out, '--reg', '0.1', '--implicit'],
    /implicitPrefs needs alpha/);
});

test('bad Spark output is refused, naming the file, the line or item, and why', { skip }, () => {
  const json = path.join(fixtures, 'ials-json');
  const part = readdirSync(json).find((f) => f.endsWith('.json') && f.startsWith('part-'));
  const lines = readFileSync(path.join(json, part), 'utf8').trim().split('\n');
  const broken = (name, edit) => {
    const d = path.join(dir, name);
    rmSync(d, { recursive: true, force: true });
    cpSync(json, d, { recursive: true });
    writeFileSync(path.join(d, part), edit([...lines]).join('\n') + '\n');
    return d;
  };
  const out = path.join(dir, 'bad.model');
  const args = (from) => ['import-spark', '--from', from, '--data', data, '--out', out];
  const rated = new Set(readFileSync(path.join(data, 'ratings.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[1])));
  const drop = lines.findIndex((l) => rated.has(JSON.parse(l).id));
  const first = JSON.parse(lines[drop]);
  oneLineError(args(broken('mixed', (l) => ((l[2] = JSON.stringify({ ...JSON.parse(l[2]), features: [1, 2, 3] })), l))),
    new RegExp(`${part}:3: item \\d+ has 3 features, the first item 4 \\(factors of mixed length\\)$`));
  oneLineError(args(broken('missing', (l) => l.filter((_, j) => j !== drop))),
    new RegExp(`movie ${first.id} has \\d+ ratings in .* but no factors`));
  oneLineError(args(broken('unknown', (l) => [...l, JSON.stringify({ id: 999999, features: [0, 0, 0, 0] })])),
    new RegExp(`^cinerec: UNKNOWN_MOVIE: import-spark: .*${part}:${lines.length + 1}: item 999999 is not a movie of`));
  oneLineError(args(broken('garbled', (l) => ((l[1] = '{"id": 3, "features": [0.1,'), l))),
    new RegExp(`^cinerec: PARSE_ERROR: import-spark: .*${part}:2: not a JSON object$`));
  // A Parquet part that is not Parquet, read through hyparquet.
  const pq = path.join(dir, 'not-parquet');
  cpSync(path.join(fixtures, 'als-explicit'), pq, { recursive: true });
  const itemPart = readdirSync(path.join(pq, 'itemFactors')).find((f) => f.endsWith('.parquet'));
  writeFileSync(path.join(pq, 'itemFactors', itemPart), 'not parquet at all');
  oneLineError(args(pq), new RegExp(`^cinerec: PARSE_ERROR: import-spark: .*itemFactors/${itemPart}: not a Parquet file Spark wrote`));
  assert.ok(!existsSync(out), 'nothing written');
});
