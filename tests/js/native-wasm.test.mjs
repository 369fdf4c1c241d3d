// The same Session natively and in wasm: a model trained by the native CLI
// and loaded by web/lib recommends the same movies for the same reasons, in
// the same order (ties in an explanation break by item on every platform).
// CINEREC_BIN overrides the binary (default build/native/cinerec).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRecommender } from '../../web/lib/node.js';
import { SNAPSHOT, WASM, missing, profileOf, repo } from './lib-helpers.mjs';

const bin = process.env.CINEREC_BIN || path.join(repo, 'build/native/cinerec');
const skip = missing() || (!existsSync(bin) && `${bin} missing: run scripts/build.sh native`);

function cli(args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const close = (a, b) => Math.abs(a - b) <= 1e-3 * Math.max(1, Math.abs(a), Math.abs(b));

test('native and wasm give the same recommendations and explanations for a natively trained model', { skip }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cinerec-nw-'));
  const rec = await createRecommender({ snapshotUrl: SNAPSHOT, wasmUrl: WASM, algorithm: null, worker: false });
  try {
    const ratings = profileOf(rec, 12);
    const csv = path.join(dir, 'me.csv');
    writeFileSync(csv, `movieId,rating\n${ratings.map((r) => `${r.movieId},${r.rating}`).join('\n')}\n`);
    for (const algorithm of ['svd', 'ials', 'bpr', 'item-knn', 'content', 'hybrid', 'popularity', 'bayesian-fm']) {
      const model = path.join(dir, `${algorithm}.model`);
      cli(['train', '--data', SNAPSHOT, '--algo', algorithm, '--seed', '7', '--out', model]);
      const native = JSON.parse(cli(['recommend', '--data', SNAPSHOT, '--model', model, '--ratings', csv, '--n', '8',
        '--json', '-']));
      assert.equal(native.algorithm, algorithm);
      await rec.loadModel(readFileSync(model));
      const wasm = await rec.recommend({ ratings, n: 8 });
      assert.deepEqual(wasm.map((m) => m.movieId), native.recommendations.map((m) => m.movieId), algorithm);
      for (const [j, n] of native.recommendations.entries()) {
        assert.ok(close(wasm[j].score, n.score), `${algorithm} #${j}: ${wasm[j].score} vs ${n.score}`);
        // The CLI's sentence (cpp/cli/reason_text.cpp) is the library's (web/lib/reasons.js).
        assert.equal(n.reason, wasm[j].reason, `${algorithm}: the reason for ${n.title}`);
        const why = await rec.explain({ ratings, movieId: n.movieId });
        assert.deepEqual(why.parts.map((p) => [p.kind, p.movieId ?? p.name ?? null]),
          n.reasons.map((p) => [p.kind, p.movieId ?? p.name ?? null]), `${algorithm}: parts of ${n.title}`);
        for (const [k, p] of n.reasons.entries())
          assert.ok(close(why.parts[k].weight, p.weight), `${algorithm} ${n.title} part ${k}: ${why.parts[k].weight} vs ${p.weight}`);
      }
    }
  } finally {
    rec.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('native and wasm list the same similar movies, by ratings without a model and by a model', { skip }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cinerec-nw-'));
  const rec = await createRecommender({ snapshotUrl: SNAPSHOT, wasmUrl: WASM, algorithm: null, worker: false });
  try {
    const model = path.join(dir, 'svd.model');
    cli(['train', '--data', SNAPSHOT, '--algo', 'svd', '--seed', '7', '--out', model]);
    await rec.loadModel(readFileSync(model));
    const movies = [rec.movies.search('heat 1995')[0], rec.movies.search('toy story')[0], rec.movies.popular({ limit: 3000 }).at(-1)];
    for (const movie of movies) {
      for (const by of ['ratings', 'model']) {
        const args = ['similar', '--data', SNAPSHOT, '--movie', String(movie.movieId), '--by', by, '--n', '10', '--json', '-'];
        const native = JSON.parse(cli(by === 'model' ? [...args, '--model', model] : args));
        assert.equal(native.by, by);
        const wasm = await rec.similar(movie.movieId, { n: 10, by });
        assert.deepEqual(wasm.map((m) => m.movieId), native.similar.map((m) => m.movieId), `${movie.title} by ${by}`);
        for (const [j, m] of native.similar.entries()) assert.ok(close(wasm[j].score, m.score), `${movie.title} #${j}`);
        assert.ok(wasm.every((m) => m.ratingCount >= 20), `${movie.title} by ${by}: a neighbour under the floor`);
      }
    }
  } finally {
    rec.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
