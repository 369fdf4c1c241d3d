// Packing from a fresh clone (issue 13): git keeps neither dist/lib nor the
// wasm module, so `npm pack` there must build dist/lib (scripts/prepare-lib.mjs,
// run by npm's prepack) or stop with an error that says what to run. The
// clone is of this checkout's HEAD (commit first to test local changes). The
// wasm module is copied in (Emscripten takes minutes; prepare-lib.mjs builds
// it when it is missing and emcmake is there) and node_modules is this
// checkout's (what `npm ci` installs from the same lock file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missing, repo } from './lib-helpers.mjs';

const reason = missing();
const skip = reason ? { skip: reason } : {};

function freshClone() {
  const scratch = mkdtempSync(join(tmpdir(), 'cinerec-clone-'));
  const clone = join(scratch, 'cinerec');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repo, clone]);
  mkdirSync(join(clone, 'web/wasm'), { recursive: true });
  for (const f of ['cinerec.js', 'cinerec.wasm']) copyFileSync(join(repo, 'web/wasm', f), join(clone, 'web/wasm', f));
  return { scratch, clone };
}

test('a fresh clone: npm pack builds dist/lib and packs the whole library', { ...skip, timeout: 600_000 }, () => {
  const { scratch, clone } = freshClone();
  try {
    assert.equal(existsSync(join(clone, 'dist/lib')), false, 'a fresh clone has no dist/lib');
    symlinkSync(join(repo, 'node_modules'), join(clone, 'node_modules'), 'dir');
    const out = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: clone, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    const files = out[0].files.map((f) => f.path);
    for (const f of ['dist/lib/index.js', 'dist/lib/node.js', 'dist/lib/element.js', 'dist/lib/worker.js', 'dist/lib/worker-node.js',
      'dist/lib/cinerec.wasm', 'dist/lib/default.cinerec', 'dist/lib/index.d.ts', 'dist/lib/element.d.ts'])
      assert.ok(files.includes(f), `the tarball from a fresh clone lacks ${f}`);
    const wasm = out[0].files.find((f) => f.path === 'dist/lib/cinerec.wasm');
    assert.ok(wasm.size > 100_000, `dist/lib/cinerec.wasm is only ${wasm.size} bytes`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('a fresh clone without its dev dependencies: npm pack stops and says to run npm ci', { ...skip, timeout: 120_000 }, () => {
  const { scratch, clone } = freshClone();
  try {
    const r = spawnSync('npm', ['pack', '--dry-run'], { cwd: clone, encoding: 'utf8' });
    assert.notEqual(r.status, 0, 'npm pack went on without dist/lib');
    assert.match(r.stderr, /cinerec prepack: building dist\/lib needs the dev dependencies: run `npm ci` in this checkout first/);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
