// The shipped TypeScript declarations: tsc checks a typical use against them
// (tests/js/types-check.ts), and they list what the modules really export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo } from './lib-helpers.mjs';

test('tsc accepts types-check.ts against web/lib/index.d.ts and element.d.ts', { timeout: 120_000 }, () => {
  const tsc = join(repo, 'node_modules/.bin/tsc');
  let out = '';
  try {
    out = execFileSync(tsc, ['-p', join(repo, 'tests/js/tsconfig.types.json')], { encoding: 'utf8' });
  } catch (err) {
    assert.fail(`tsc failed:\n${err.stdout}${err.stderr}`);
  }
  assert.equal(out.trim(), '');
});

test('index.d.ts names what index.js and node.js export, and every error code', async () => {
  const dts = readFileSync(join(repo, 'web/lib/index.d.ts'), 'utf8');
  const browser = await import('../../web/lib/index.js');
  const node = await import('../../web/lib/node.js');
  for (const mod of [browser, node]) {
    assert.deepEqual(Object.keys(mod).sort(), ['CinerecError', 'DEFAULT_ALGORITHM', 'ErrorCodes', 'createRecommender', 'normalizeTitle']);
    for (const name of Object.keys(mod)) assert.match(dts, new RegExp(`export (declare )?(function|class|const) ${name}\\b`));
  }
  const union = /export type CinerecErrorCode =([^;]+);/.exec(dts)[1].match(/'([A-Z_]+)'/g).map((s) => s.slice(1, -1));
  assert.deepEqual(union, [...browser.ErrorCodes]);
});
