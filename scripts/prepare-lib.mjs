#!/usr/bin/env node
// npm's `prepack` and `prepare` for the cinerec package: whatever packs it
// — `npm pack` / `npm publish` in a fresh clone, an install from a git
// checkout (npm clones it, installs its dev dependencies, runs `prepare`,
// then packs), `npm install --install-links <folder>` — gets dist/lib built
// and current, or stops with an error that says what to run.
//   - `npm install` / `npm ci` inside this checkout (the developer's own
//     install) builds nothing: `npm run build:lib` or packing does.
//   - dist/lib missing or older than its sources → `npm run build:lib`.
//   - the wasm module (web/wasm/cinerec.wasm, not in git) missing → built
//     with `bash scripts/build.sh wasm` when Emscripten is there, else an error.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const event = process.env.npm_lifecycle_event ?? 'prepack';
const say = (m) => console.error(`cinerec ${event}: ${m}`);

if (event === 'prepare' && process.env.INIT_CWD && resolve(process.env.INIT_CWD) === resolve(repo)) process.exit(0);

function fail(message) {
  say(message);
  process.exit(1);
}

const run = (cmd, args) => {
  say(`${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: repo, stdio: ['ignore', process.stderr, process.stderr] });
  return r.status === 0;
};
const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

// 1. The wasm module.
const wasm = join(repo, 'web/wasm/cinerec.wasm');
if (!existsSync(wasm)) {
  if (!onPath('emcmake') || !onPath('cmake'))
    fail(
      'the package needs the wasm module web/wasm/cinerec.wasm, which is built, not kept in git. ' +
        'Build it with Emscripten — on Debian: `bash scripts/setup.sh && bash scripts/build.sh wasm` ' +
        '(or `npm run build`) — then pack or install again.',
    );
  if (!run('bash', ['scripts/build.sh', 'wasm'])) fail('building the wasm module failed (bash scripts/build.sh wasm, above)');
}

// 2. dist/lib, rebuilt when missing or older than anything it is made of.
const OUT = [
  'index.js', 'node.js', 'element.js', 'worker.js', 'worker-node.js', 'cinerec.wasm', 'default.cinerec', 'index.d.ts', 'element.d.ts',
].map((f) => join(repo, 'dist/lib', f));
function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}
const built = OUT.every(existsSync) ? Math.min(...OUT.map((f) => statSync(f).mtimeMs)) : 0;
const sources = Math.max(...['web/lib', 'web/wasm', 'public/data', 'package.json'].map((p) => newest(join(repo, p))));
if (built && built >= sources) process.exit(0);

if (!existsSync(join(repo, 'node_modules/vite/package.json')))
  fail('building dist/lib needs the dev dependencies: run `npm ci` in this checkout first.');
if (!run('npm', ['run', '--silent', 'build:lib'])) fail('npm run build:lib failed (above)');
const missingOut = OUT.filter((f) => !existsSync(f));
if (missingOut.length) fail(`dist/lib lacks ${missingOut.map((f) => relative(repo, f)).join(', ')} after npm run build:lib`);
