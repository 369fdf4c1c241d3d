// Builds the test-only snapshots the app specs load, with the native CLI
// (build/native/cinerec): the XSS catalogue from tests/fixtures/app/xss-movielens,
// and the TMDb-enriched one from tests/fixtures/tmdb.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const GENERATED = join(repo, 'build/e2e');
export const XSS_SNAPSHOT = join(GENERATED, 'xss.cinerec');
export const TMDB_SNAPSHOT = join(GENERATED, 'tmdb.cinerec');

export default async function globalSetup() {
  if (!existsSync(join(repo, 'dist/app/index.html'))) {
    console.warn('[e2e] dist/app is missing: the app specs need `npx vite build --config web/app/vite.config.js` first');
  }
  mkdirSync(GENERATED, { recursive: true });
  const cli = process.env.CINEREC_CLI ?? join(repo, 'build/native/cinerec');
  if (!existsSync(cli)) {
    console.warn('[e2e] build/native/cinerec is missing; the XSS and TMDb snapshot tests will fail (build the native CLI first)');
    return;
  }
  const tmdb = join(repo, 'tests/fixtures/tmdb');
  for (const [name, out, args] of [
    ['XSS', XSS_SNAPSHOT, ['--from', join(repo, 'tests/fixtures/app/xss-movielens')]],
    ['TMDb', TMDB_SNAPSHOT, ['--from', join(tmdb, 'movielens'), '--tmdb', join(tmdb, 'responses')]],
  ]) {
    rmSync(out, { force: true });
    try {
      execFileSync(cli, ['snapshot', ...args, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      // Only the spec that loads it needs it; it fails with this message, the rest run.
      console.warn(`[e2e] could not build the ${name} snapshot: ${String(err.stderr || err.message).trim()}`);
    }
  }
}
