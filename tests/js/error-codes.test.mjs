// The error codes have one source, the table in cpp/include/cinerec/error.hpp:
// web/lib/error-codes.js, the union in web/lib/index.d.ts and the table in
// docs/api.md must say the same (scripts/error-codes.mjs --check), and a code
// from the core reaches JS unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readTable } from '../../scripts/error-codes.mjs';
import { CinerecError, ErrorCodes, check } from '../../web/lib/errors.js';
import { Comlink } from '../../web/lib/rpc.js';
import { repo } from './lib-helpers.mjs';

const HEADER = 'cpp/include/cinerec/error.hpp';
const DERIVED = ['web/lib/error-codes.js', 'web/lib/index.d.ts', 'docs/api.md'];
const table = readTable(readFileSync(join(repo, HEADER), 'utf8'));

const runCheck = (root) =>
  spawnSync(process.execPath, [join(repo, 'scripts/error-codes.mjs'), '--check', '--root', root], { encoding: 'utf8' });

/** A copy of the header and the derived files in a temporary root, edited by edits[file](text). */
function withCopy(edits, fn) {
  const root = mkdtempSync(join(tmpdir(), 'cinerec-codes-'));
  try {
    for (const file of [HEADER, ...DERIVED]) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      copyFileSync(join(repo, file), join(root, file));
      if (edits[file]) writeFileSync(join(root, file), edits[file](readFileSync(join(root, file), 'utf8')));
    }
    return fn(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('the table, error-codes.js, index.d.ts and docs/api.md agree', () => {
  const r = runCheck(repo);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([...ErrorCodes], table.map((e) => e.code));
  for (const code of ['PARSE_ERROR', 'NOT_FOUND', 'IO_ERROR', 'SNAPSHOT_NOT_FOUND', 'NETWORK', 'WASM_LOAD_FAILED', 'DISPOSED'])
    assert.ok(ErrorCodes.includes(code), code);
  assert.ok(Object.isFrozen(ErrorCodes));
});

test('--check names each file that disagrees with the table', () => {
  withCopy({ 'web/lib/index.d.ts': (t) => t.replace("  | 'NETWORK'\n", '') }, (root) => {
    const r = runCheck(root);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /web\/lib\/index\.d\.ts disagrees with cpp\/include\/cinerec\/error\.hpp/);
    assert.doesNotMatch(r.stderr, /error-codes\.js|api\.md/);
  });
  const added = (t) => t.replace('  X(Network, ', '  X(Teapot, "TEAPOT", "a code only the header has")                    \\\n  X(Network, ');
  withCopy({ [HEADER]: added }, (root) => {
    const r = runCheck(root);
    assert.equal(r.status, 1);
    for (const file of DERIVED) assert.match(r.stderr, new RegExp(`${file.replace(/[./]/g, '\\$&')} disagrees`));
  });
  withCopy({ 'docs/api.md': (t) => t.replace('<!-- /error-codes -->', '') }, (root) => {
    const r = runCheck(root);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /docs\/api\.md: the marker comments .* are missing/);
  });
});

test('readTable refuses a table it cannot read in full', () => {
  const header = readFileSync(join(repo, HEADER), 'utf8');
  assert.throws(() => readTable(header.replace('X(Io, "IO_ERROR"', 'X(Io, IO_ERROR')), /not X\(Name, "CODE", "description"\)/);
  assert.throws(() => readTable(header.replace('"NETWORK"', '"INTERNAL"')), /INTERNAL is in CINEREC_ERROR_CODES twice/);
});

test('a code from the core keeps its name; one not in the table becomes INTERNAL', () => {
  for (const code of ['PARSE_ERROR', 'NOT_FOUND', 'IO_ERROR', 'SNAPSHOT_CORRUPT', 'INVALID_ARGUMENT']) {
    assert.throws(() => check({ ok: false, code, message: 'ratings.csv:3: bad rating' }),
      (e) => e instanceof CinerecError && e.code === code && e.message === 'ratings.csv:3: bad rating');
  }
  assert.throws(() => check({ ok: false, code: 'TEAPOT', message: 'I am a teapot' }),
    (e) => e instanceof CinerecError && e.code === 'INTERNAL' && e.message === 'I am a teapot (unknown error code TEAPOT)');
  assert.throws(() => check(undefined), (e) => e.code === 'INTERNAL' && e.message === 'the core failed (INTERNAL)');
  assert.equal(check({ ok: true, value: 1 }).value, 1);
  assert.equal(new CinerecError('TEAPOT', 'x').code, 'INTERNAL');
  assert.equal(new CinerecError('PARSE_ERROR', 'x').code, 'PARSE_ERROR');
});

test('a CinerecError keeps its code across the worker boundary', () => {
  const handler = Comlink.transferHandlers.get('throw');
  for (const code of ['PARSE_ERROR', 'NOT_FOUND', 'IO_ERROR', 'DISPOSED']) {
    const [wire] = handler.serialize({ value: new CinerecError(code, `${code} here`) });
    assert.throws(() => handler.deserialize(structuredClone(wire)),
      (e) => e instanceof CinerecError && e.code === code && e.message === `${code} here`);
  }
});
