// The committed default snapshot is what scripts/make-default-snapshot.sh
// builds: rebuilding it from dslabs gives identical bytes. (The snapshot
// command's options and errors are in cli.test.mjs.)
// CINEREC_BUILD_DIR picks the native build the script uses (default build/native).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const committed = path.join(root, 'public/data/default.cinerec');

test('rebuilding the default snapshot from dslabs gives the committed bytes', { timeout: 900_000 }, () => {
  assert.ok(existsSync(committed), `${committed} is missing`);
  const dir = mkdtempSync(path.join(tmpdir(), 'cinerec-snap-'));
  const out = path.join(dir, 'default.cinerec');
  try {
    const r = spawnSync('bash', [path.join(root, 'scripts/make-default-snapshot.sh')], {
      cwd: root,
      env: { ...process.env, OUT: out },
      encoding: 'utf8',
      timeout: 900_000,
    });
    assert.equal(r.status, 0, `make-default-snapshot.sh failed:\n${r.stdout}\n${r.stderr}`);
    const rebuilt = readFileSync(out);
    const expected = readFileSync(committed);
    assert.equal(rebuilt.length, expected.length, 'sizes differ');
    assert.ok(rebuilt.equals(expected), 'same size, different bytes');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
