// The committed default snapshot is what scripts/make-default-snapshot.sh
// builds: rebuilding it from dslabs gives identical bytes. Also the snapshot
// CLI's --info and its one-line errors.
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
const buildDir = process.env.CINEREC_BUILD_DIR || 'build/native';
const bin = path.resolve(root, buildDir, 'cinerec');

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

test('cinerec snapshot --info describes the default snapshot', () => {
  const r = spawnSync(bin, ['snapshot', '--info', committed], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^name {8}movielens-dslabs$/m);
  assert.match(r.stdout, /^movies {6}9066$/m);
  assert.match(r.stdout, /^users {7}671$/m);
  assert.match(r.stdout, /^ratings {5}100004$/m);
  assert.match(r.stdout, /^timestamps {2}yes$/m);
  assert.match(r.stdout, /^checksums {3}ok/m);
});

test('cinerec snapshot fails with one clear line and a non-zero exit', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cinerec-snap-'));
  try {
    const cases = [
      [['snapshot', '--from', path.join(dir, 'nowhere'), '--out', path.join(dir, 'x.cinerec')], /^cinerec: NOT_FOUND: .*nowhere: no MovieLens files/],
      [['snapshot', '--info', path.join(root, 'package.json')], /^cinerec: SNAPSHOT_CORRUPT: snapshot: not a cinerec snapshot \(bad magic\)$/],
      [['snapshot', '--from'], /^cinerec: INVALID_ARGUMENT: --from needs a value$/],
      [['snapshot', '--bogus'], /^cinerec snapshot: unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const r = spawnSync(bin, args, { encoding: 'utf8' });
      assert.notEqual(r.status, 0, args.join(' '));
      assert.match(r.stderr.split('\n')[0], message);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
