// Builds the test-only snapshots the app specs load: the XSS catalogue from
// tests/fixtures/app/xss-movielens, with the native CLI (build/native/cinerec).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const GENERATED = join(repo, 'build/e2e');
export const XSS_SNAPSHOT = join(GENERATED, 'xss.cinerec');

export default async function globalSetup() {
  if (!existsSync(join(repo, 'dist/app/index.html'))) {
    console.warn('[e2e] dist/app is missing: the app specs need `npx vite build --config web/app/vite.config.js` first');
  }
  mkdirSync(GENERATED, { recursive: true });
  const cli = process.env.CINEREC_CLI ?? join(repo, 'build/native/cinerec');
  if (!existsSync(cli)) {
    console.warn('[e2e] build/native/cinerec is missing; the XSS snapshot test will fail (build the native CLI first)');
    return;
  }
  rmSync(XSS_SNAPSHOT, { force: true });
  try {
    execFileSync(cli, ['snapshot', '--from', join(repo, 'tests/fixtures/app/xss-movielens'), '--out', XSS_SNAPSHOT], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (err) {
    // Only the XSS spec needs it; it fails with this message, the rest run.
    console.warn(`[e2e] could not build the XSS snapshot: ${String(err.stderr || err.message).trim()}`);
  }
}
