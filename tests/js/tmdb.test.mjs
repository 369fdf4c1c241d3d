// The TMDb route from start to finish (docs/data.md "Cast, crew and plot from
// TMDb"): scripts/fetch-tmdb.sh against a local server that answers as TMDb's
// API does (with the fixtures of tests/fixtures/tmdb), `cinerec snapshot
// --tmdb` on what it saved and on the CSV layout, and web/lib on the enriched
// snapshot: the details on rec.movies, search by people, reasons that name
// them; and that a snapshot without TMDb data shows none of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRecommender } from '../../web/lib/node.js';
import { missing, repo } from './lib-helpers.mjs';

const bin = process.env.CINEREC_BIN || path.join(repo, 'build/native/cinerec');
const fixtures = path.join(repo, 'tests/fixtures/tmdb');
const movielens = path.join(fixtures, 'movielens');
const script = path.join(repo, 'scripts/fetch-tmdb.sh');
const KEY = 'abc123';

const tmp = mkdtempSync(path.join(tmpdir(), 'cinerec-tmdb-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// Runs the fetch script without blocking the event loop (the server is here).
function fetchTmdb(args, env) {
  return new Promise((resolve) => {
    execFile('bash', [script, ...args], { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ status: error ? error.code : 0, stdout, stderr }));
  });
}

function cinerec(args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

// TMDb's API as far as the script uses it: /configuration, /movie/{id}, a key,
// 404 bodies, and one 429 with Retry-After.
let server;
let base;
const asked = [];
before(async () => {
  let limited = false;
  server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    res.setHeader('Content-Type', 'application/json;charset=utf-8');
    if (url.searchParams.get('api_key') !== KEY) {
      res.statusCode = 401;
      return res.end('{"status_code":7,"status_message":"Invalid API key: You must be granted a valid key.","success":false}');
    }
    if (url.pathname === '/3/configuration') return res.end('{"images":{},"change_keys":[]}');
    const m = /^\/3\/movie\/(\d+)$/.exec(url.pathname);
    if (!m || url.searchParams.get('append_to_response') !== 'credits,keywords') {
      res.statusCode = 400;
      return res.end('{"success":false}');
    }
    asked.push(Number(m[1]));
    if (m[1] === '949' && !limited) {
      limited = true;
      res.statusCode = 429;
      res.setHeader('Retry-After', '0');
      return res.end('{"status_code":25,"status_message":"Your request count is over the allowed limit.","success":false}');
    }
    const file = path.join(fixtures, 'responses', `${m[1]}.json`);
    if (!existsSync(file)) {
      res.statusCode = 404;
      return res.end('{"success":false,"status_code":34,"status_message":"The resource you requested could not be found."}');
    }
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}/3`;
});
after(() => server?.close());

test('fetch-tmdb.sh stops at once without a key, offline, or with a refused key', async () => {
  const out = path.join(tmp, 'never');
  let r = await fetchTmdb([movielens, out], {});
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^fetch-tmdb: no TMDb key: set TMDB_API_KEY/);
  r = await fetchTmdb([movielens, out], { TMDB_API_KEY: KEY, TMDB_API_BASE: 'http://127.0.0.1:9/3' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot reach http:\/\/127\.0\.0\.1:9\/3 .*offline or behind a proxy\? Nothing was fetched\./);
  r = await fetchTmdb([movielens, out], { TMDB_API_KEY: 'wrong', TMDB_API_BASE: base });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /TMDb refused the key \(401\)/);
  r = await fetchTmdb([path.join(fixtures, 'responses'), out], { TMDB_API_KEY: KEY, TMDB_API_BASE: base });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /links\.csv: no such file/);
  assert.equal(existsSync(out), false, 'nothing written');
  assert.equal(asked.length, 0);
});

test('fetch-tmdb.sh saves each movie\'s response as TMDb sent it, and resumes', async () => {
  const out = path.join(tmp, 'fetched');
  let r = await fetchTmdb([movielens, out, '--delay', '0', '--limit', '5'], { TMDB_API_KEY: KEY, TMDB_API_BASE: base });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readdirSync(out).length, 5);
  r = await fetchTmdb([movielens, out, '--delay', '0'], { TMDB_API_KEY: KEY, TMDB_API_BASE: base });
  assert.equal(r.status, 0, r.stderr);
  // 32 distinct tmdbIds; Rocky and Awakenings are not at "TMDb" (404 bodies saved).
  assert.match(r.stdout, /32 TMDb ids in .*links\.csv; asked 27 \(2 not found at TMDb, 0 failed\), 5 already in/);
  assert.equal(readdirSync(out).length, 32);
  for (const f of readdirSync(path.join(fixtures, 'responses')))
    assert.deepEqual(readFileSync(path.join(out, f)), readFileSync(path.join(fixtures, 'responses', f)), f);
  assert.match(readFileSync(path.join(out, '1366.json'), 'utf8'), /"status_code":34/);
  assert.equal(asked.filter((id) => id === 949).length, 2, 'asked again after the 429');
  assert.equal(new Set(asked).size, 32, 'each id asked once (949 twice)');

  // The snapshot of what was fetched: 30 enriched, the two 404s counted.
  const snap = path.join(tmp, 'fetched.cinerec');
  const b = cinerec(['snapshot', '--from', movielens, '--tmdb', out, '--out', snap]);
  assert.equal(b.status, 0, b.stderr);
  assert.match(b.stdout, /^tmdb: responses in .*: 33 movies, 32 with an id, 30 enriched; 32 responses .* skipped 2: 2 an error response\n/);
  assert.deepEqual(readFileSync(snap), readFileSync(enrichedSnapshot()), 'the same bytes as from the fixture folder');
});

let enrichedPath;
function enrichedSnapshot() {
  if (enrichedPath) return enrichedPath;
  enrichedPath = path.join(tmp, 'enriched.cinerec');
  const r = cinerec(['snapshot', '--from', movielens, '--tmdb', path.join(fixtures, 'responses'), '--out', enrichedPath]);
  assert.equal(r.status, 0, r.stderr);
  return enrichedPath;
}

test('cinerec snapshot --tmdb: both layouts, the report, --info, one-line errors', () => {
  const snap = enrichedSnapshot();
  const info = cinerec(['snapshot', '--info', snap]);
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stdout, /^tmdb {8}30 movies \(30 overviews\), \d+ people, \d+ keywords$/m);
  assert.match(info.stdout, / TMDB:\d+ /);

  const csv = cinerec(['snapshot', '--from', movielens, '--tmdb', path.join(fixtures, 'movies-dataset'), '--out', path.join(tmp, 'csv.cinerec')]);
  assert.equal(csv.status, 0, csv.stderr);
  assert.match(csv.stdout, /^tmdb: movies-dataset in .*: 33 movies, 33 with an id, 31 enriched;.* skipped 3: 1 a second row for one movie, 1 not a movie id, 1 wrong number of fields/);

  const bad = cinerec(['snapshot', '--from', movielens, '--tmdb', path.join(fixtures, 'bad-responses'), '--out', path.join(tmp, 'bad.cinerec')]);
  assert.equal(bad.status, 0, bad.stderr);
  assert.match(bad.stdout, /3 enriched;.*25 without a response; skipped 4: 1 an error response, 1 another movie's id, 1 not a movie object, 1 not valid JSON; 2 incomplete/);
  assert.match(bad.stdout, /\n {2}949\.json: not valid JSON \(/);

  const lean = cinerec(['snapshot', '--from', movielens, '--tmdb', path.join(fixtures, 'responses'), '--no-overview', '--out', path.join(tmp, 'lean.cinerec')]);
  assert.equal(lean.status, 0, lean.stderr);
  assert.ok(statSync(path.join(tmp, 'lean.cinerec')).size < statSync(snap).size);

  for (const [args, message] of [
    [['--tmdb', path.join(tmp, 'nowhere')], /^cinerec: .*tmdb: no folder .*nowhere\n$/],
    [['--tmdb', movielens], /holds no response for any of the 32 movies with a TMDb id/],
    [['--no-overview'], /--tmdb-cast and --no-overview go with --tmdb DIR/],
  ]) {
    const r = cinerec(['snapshot', '--from', movielens, '--out', path.join(tmp, 'x.cinerec'), ...args]);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

const wasmMissing = missing();
const wasm = wasmMissing ? { skip: wasmMissing } : {};

test('web/lib: the details on rec.movies, people in search, reasons that name them', wasm, async () => {
  const rec = await createRecommender({ snapshotUrl: enrichedSnapshot(), algorithm: 'content', seed: 1 });
  try {
    assert.equal(rec.snapshotInfo.hasTmdb, true);
    const heat = rec.movies.get(6);
    assert.deepEqual(heat.directors, ['Michael Mann']);
    assert.deepEqual(heat.cast, ['Al Pacino', 'Robert De Niro', 'Val Kilmer', 'Jon Voight', 'Tom Sizemore', 'Amy Brenneman']);
    assert.match(heat.overview, /^A driven Los Angeles detective/);
    assert.equal(heat.runtime, 170);
    assert.equal(heat.language, 'en');
    assert.ok(heat.keywords.includes('heist'));
    assert.equal(rec.movies.get(3702).directors, undefined, 'Mad Max has no TMDb data');
    assert.equal(rec.movies.search('mann heat')[0].movieId, 6);
    assert.equal(rec.movies.search('heat')[0].movieId, 6);
    const withPacino = rec.movies.all().filter((m) => m.cast?.includes('Al Pacino')).map((m) => m.movieId);
    assert.ok(withPacino.length >= 8);
    assert.deepEqual(rec.movies.search('pacino', { limit: 50 }).map((m) => m.movieId).sort((a, b) => a - b), withPacino);

    const ratings = [{ movieId: 6, rating: 5 }, { movieId: 5867, rating: 5 }, { movieId: 1732, rating: 1 }];
    const why = await rec.explain({ ratings, movieId: 8798 }); // Collateral
    assert.ok(why.parts.some((p) => p.kind === 'director' && p.name === 'Michael Mann' && p.text === 'Same director: Michael Mann'),
      JSON.stringify(why.parts));
    assert.equal(why.reason, 'same director: Michael Mann');
    const pacino = await rec.explain({ ratings: [{ movieId: 858, rating: 5 }, { movieId: 1221, rating: 5 }], movieId: 3362 });
    assert.ok(pacino.parts.some((p) => p.kind === 'cast' && p.text === 'With Al Pacino'), JSON.stringify(pacino.parts));

    // The CLI's recommend writes the same sentences (cpp/cli/reason_text.cpp).
    const model = path.join(tmp, 'content.model');
    const csv = path.join(tmp, 'me.csv');
    writeFileSync(csv, `movieId,rating\n${ratings.map((r) => `${r.movieId},${r.rating}`).join('\n')}\n`);
    const trained = cinerec(['train', '--data', enrichedSnapshot(), '--algo', 'content', '--seed', '1', '--out', model]);
    assert.equal(trained.status, 0, trained.stderr);
    const r = cinerec(['recommend', '--data', enrichedSnapshot(), '--model', model, '--ratings', csv, '--n', '10', '--json', '-']);
    assert.equal(r.status, 0, r.stderr);
    const native = JSON.parse(r.stdout).recommendations;
    const lib = await rec.recommend({ ratings, n: 10 });
    assert.deepEqual(native.map((m) => [m.movieId, m.reason]), lib.map((m) => [m.movieId, m.reason]));
    assert.ok(native.some((m) => /^same director: |^with /.test(m.reason)), JSON.stringify(native.map((m) => m.reason)));
  } finally {
    rec.dispose();
  }
});

test('web/lib: a snapshot without TMDb sections shows none of it', wasm, async () => {
  const plain = path.join(tmp, 'plain.cinerec');
  const r = cinerec(['snapshot', '--from', movielens, '--out', plain]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /^tmdb:|TMDb details/m);
  const rec = await createRecommender({ snapshotUrl: plain, algorithm: 'content', seed: 1 });
  try {
    assert.equal(rec.snapshotInfo.hasTmdb, false);
    for (const m of rec.movies.all())
      for (const key of ['overview', 'directors', 'cast', 'keywords', 'runtime', 'language'])
        assert.equal(key in m, false, `${m.title} has ${key}`);
    assert.deepEqual(rec.movies.search('mann heat'), []);
    const why = await rec.explain({ ratings: [{ movieId: 6, rating: 5 }, { movieId: 5867, rating: 5 }], movieId: 8798 });
    assert.ok(why.parts.every((p) => ['genre', 'tag', 'word', 'decade'].includes(p.kind)), JSON.stringify(why.parts));
  } finally {
    rec.dispose();
  }
});
