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
    for (const algorithm of ['svd', 'ials', 'bpr', 'item-knn', 'content', 'hybrid', 'popularity']) {
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
