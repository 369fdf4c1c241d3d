// The packed package (npm pack → install the tarball in a scratch folder)
// works from Node exactly as a stranger would use it: `import 'cinerec'`
// with no options finds the wasm, the worker and the default snapshot inside
// the package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { missing, repo } from './lib-helpers.mjs';
import { packAndInstall } from './lib-pack.mjs';

const reason = missing();
const skip = reason ? { skip: reason } : {};

test('npm pack → install → import "cinerec" from Node', { ...skip, timeout: 300_000 }, () => {
  const { dir, files, tarball } = packAndInstall();
  try {
    for (const f of ['package.json', 'dist/lib/index.js', 'dist/lib/node.js', 'dist/lib/element.js', 'dist/lib/worker.js',
      'dist/lib/worker-node.js', 'dist/lib/cinerec.wasm', 'dist/lib/default.cinerec', 'dist/lib/LICENSE-MovieLens.txt',
      'dist/lib/index.d.ts', 'dist/lib/element.d.ts'])
      assert.ok(files.includes(f), `the tarball lacks ${f}`);
    if (existsSync(join(repo, 'README.md'))) assert.ok(files.includes('README.md'));
    assert.ok(!files.some((f) => f.startsWith('cpp/') || f.startsWith('web/') || f.startsWith('tests/')), 'sources leaked into the tarball');
    const script = join(dir, 'use.mjs');
    writeFileSync(script, `
      import { createRecommender, CinerecError } from 'cinerec';
      import { fileURLToPath } from 'node:url';
      const rec = await createRecommender({ algorithm: 'svd', params: { n_factors: 16, n_epochs: 5 } });
      const toy = rec.movies.search('toy story')[0];
      const top = await rec.recommend({ ratings: [{ movieId: toy.movieId, rating: 5 }], n: 3 });
      let code = '';
      try { await rec.similar(-5); } catch (e) { code = e instanceof CinerecError ? e.code : 'not a CinerecError'; }
      console.log(JSON.stringify({
        movies: rec.movies.count, toy: toy.title, top: top.map((m) => m.title), code,
        snapshot: fileURLToPath(import.meta.resolve('cinerec/snapshot')),
        wasm: fileURLToPath(import.meta.resolve('cinerec/wasm')),
      }));
      rec.dispose();
    `);
    const out = JSON.parse(execFileSync(process.execPath, [script], { cwd: dir, encoding: 'utf8', timeout: 120_000 }));
    console.log(`# packed package: ${out.movies} movies; "${out.toy}" → ${out.top.join(', ')}`);
    assert.ok(out.movies > 1000);
    assert.equal(out.toy, 'Toy Story');
    assert.equal(out.top.length, 3);
    assert.equal(out.code, 'UNKNOWN_MOVIE');
    assert.ok(out.snapshot.startsWith(join(dir, 'node_modules/cinerec/dist/lib')) && existsSync(out.snapshot));
    assert.ok(existsSync(out.wasm));
  } finally {
    rmSync(dirname(tarball), { recursive: true, force: true });
  }
});
