// Builds the library (npm run build:lib), packs it (npm pack) and installs
// the tarball into a scratch folder the way a stranger would. Used by
// lib-pack.test.mjs (Node) and tests/e2e/embed.spec.mjs (browsers).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repo } from './lib-helpers.mjs';

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** → { dir (the scratch project), pkg (its node_modules/cinerec), tarball, files (packed paths) } */
export function packAndInstall() {
  npm(['run', '--silent', 'build:lib'], repo);
  const scratch = mkdtempSync(join(tmpdir(), 'cinerec-pack-'));
  const out = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch], repo));
  const tarball = join(scratch, out[0].filename);
  const dir = join(scratch, 'site');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'site', private: true, type: 'module' }));
  // The package has no dependencies, so this works offline.
  npm(['install', '--offline', '--no-audit', '--no-fund', tarball], dir);
  return { dir, pkg: join(dir, 'node_modules/cinerec'), tarball, files: out[0].files.map((f) => f.path) };
}
