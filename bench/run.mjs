#!/usr/bin/env node
// The benchmark driver behind `npm run bench` (scripts/bench.sh builds first).
// Runs every measurement of issues 2–5, writes each group's figures to
// bench/results/<group>.json, then regenerates bench/README.md from those
// files (bench/readme.mjs). Nothing derived from MovieLens other than numbers
// is written inside the repository: snapshots of ../shared/data are built in
// a temporary directory.
//
// usage: node bench/run.mjs [--quick] [--only g1,g2] [--skip g1,g2] [--readme]
//   groups: machine snapshot shipped app native python wasm quality, and
//   scale (25M generated ratings, bench/scale.mjs), which runs only when
//   --only names it
//   --quick   fewer repeats, one browser run, and the quality headline from a
//             few direct `cinerec eval` runs instead of the four full tables
//   --only    run only these groups (the others keep their last results)
//   --reuse-tables  let scripts/bench-tables.mjs reuse its raw reports
//             (bench/tables/raw) instead of re-running every evaluation
//   --readme  only regenerate bench/README.md from bench/results/*.json
import { spawnSync } from 'node:child_process';
import {
  chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { writeReadme } from './readme.mjs';
import { scaleStep } from './scale.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (n) => argv.includes(`--${n}`);
const opt = (n) => (argv.includes(`--${n}`) ? argv[argv.indexOf(`--${n}`) + 1] : null);
const quick = flag('quick');
const reuseTables = flag('reuse-tables');
const GROUPS = ['machine', 'snapshot', 'shipped', 'app', 'native', 'python', 'wasm', 'quality', 'scale'];
const only = opt('only') ? new Set(opt('only').split(',')) : new Set(GROUPS.filter((g) => g !== 'scale'));
for (const g of (opt('skip') ?? '').split(',').filter(Boolean)) only.delete(g);
for (const g of only) if (!GROUPS.includes(g)) throw new Error(`unknown group ${g} (${GROUPS.join(', ')})`);

const resultsDir = path.join(root, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const shared = path.resolve(root, '../shared/data');
const MLS = path.join(shared, 'ml-latest-small');
const M100K = path.join(shared, 'ml-100k');
const DEFAULT_SNAPSHOT = path.join(root, 'public/data/default.cinerec');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cinerec-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

// The native binary is copied first: other people may relink build/native
// while the benchmark runs.
const srcBin = path.join(root, 'build/native/cinerec');
const bin = path.join(tmp, 'cinerec');

// ------------------------------------------------------------------ helpers

const loadavg = () => os.loadavg().map((x) => Number(x.toFixed(2)));
// The share of all cores busy over `ms`, from /proc/stat: sampled before a
// group starts (nothing of ours running), it is what other people use. The
// load average lags by a minute and counts our own previous group too.
function busyShare(ms = 2000) {
  const read = () => readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const a = read();
  spawnSync('sleep', [String(ms / 1000)]);
  const b = read();
  const d = b.map((x, i) => x - a[i]);
  const total = d.reduce((x, y) => x + y, 0);
  const idle = d[3] + (d[4] ?? 0);
  return total > 0 ? Number((1 - idle / total).toFixed(2)) : null;
}
const log = (s) => process.stderr.write(`${s}\n`);
// How a command is shown in the README: repository-relative, data as ../shared/data.
const shown = (cmd, args) =>
  [cmd, ...args]
    .join(' ')
    .replaceAll(bin, 'build/native/cinerec')
    .replaceAll(shared, '../shared/data')
    .replaceAll(tmp, '$TMP')
    .replaceAll(`${root}/`, '');

/** Runs a command; with rss, under /usr/bin/time -v (peak RSS, wall). Throws on failure. */
function run(cmd, args, { rss = false, commands, timeout = 900, json = false } = {}) {
  const line = shown(cmd, args);
  commands?.push(rss ? `/usr/bin/time -v ${line}` : line);
  log(`  $ ${rss ? '/usr/bin/time -v ' : ''}${line}`);
  const t0 = performance.now();
  const r = rss
    ? spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd: root, encoding: 'utf8', timeout: timeout * 1000, maxBuffer: 256 << 20 })
    : spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: timeout * 1000, maxBuffer: 256 << 20 });
  const wall = (performance.now() - t0) / 1000;
  if (r.error || r.status !== 0) {
    const why = r.error?.code === 'ETIMEDOUT' ? `timed out after ${timeout} s` : (r.stderr || '').trim().split('\n').slice(-3).join(' / ');
    throw new Error(`${line}: ${why || `exit ${r.status}`}`);
  }
  const out = { stdout: r.stdout, stderr: r.stderr, wall_seconds: wall };
  if (rss) {
    const m = r.stderr.match(/Maximum resident set size \(kbytes\): (\d+)/);
    out.peak_rss_mb = m ? Number(m[1]) / 1024 : null;
  }
  if (json) out.json = JSON.parse(r.stdout);
  return out;
}
const cinerec = (args, o = {}) => run(bin, args, { json: true, ...o });
const sh = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return ((r.stdout || '') + (r.stderr || '')).trim();
};
const gz = (buf) => gzipSync(buf, { level: 9 }).length;

function save(group, data, commands, started, othersBusy) {
  const out = {
    group,
    generated: new Date().toISOString(),
    quick,
    commit: sh('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
    cpu_busy_before: othersBusy,
    loadavg_start: started,
    loadavg_end: loadavg(),
    commands,
    ...data,
  };
  writeFileSync(path.join(resultsDir, `${group}.json`), JSON.stringify(out, null, 1) + '\n');
  log(`bench: wrote bench/results/${group}.json`);
}

// ------------------------------------------------------------------ groups

const steps = {};

steps.machine = () => {
  const lscpu = sh('lscpu', []);
  const field = (name) => (lscpu.match(new RegExp(`^${name}:\\s*(.*)$`, 'm')) || [])[1] ?? null;
  const osRelease = readFileSync('/etc/os-release', 'utf8').match(/PRETTY_NAME="(.*)"/)?.[1];
  const first = (s) => s.split('\n')[0];
  // The working tree may carry other people's uncommitted changes, which
  // the build includes; list them so the figures can be traced.
  const dirty = spawnSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no', '--', 'cpp', 'web', 'CMakeLists.txt'], { encoding: 'utf8' })
    .stdout.split('\n').filter(Boolean).map((l) => l.slice(3));
  return {
    data: {
      cpu: field('Model name'),
      vendor: field('Vendor ID'),
      cpus: Number(field('CPU\\(s\\)')),
      threads_per_core: Number(field('Thread\\(s\\) per core')),
      hypervisor: field('Hypervisor vendor'),
      memory_gib: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      os: osRelease,
      kernel: os.release(),
      cxx: first(sh('c++', ['--version'])),
      emcc: first(sh('emcc', ['--version'])).replace(/ \(Emscripten gcc.*replacement \+ linker emulating GNU ld\)/, '').replace(/ \(\)$/, ''),
      node: process.version,
      chromium: first(sh('/usr/bin/chromium', ['--version']).replace(/^.*unexpected operator\n/, '')),
      python: sh('/usr/bin/python3', ['-c', 'import sys,sklearn,numpy,scipy; print("Python %s, scikit-learn %s, numpy %s, scipy %s" % (sys.version.split()[0], sklearn.__version__, numpy.__version__, scipy.__version__))']),
      native_flags: 'CMAKE_BUILD_TYPE=Release (-O3), -march=native',
      wasm_flags: '-O3 -msimd128 -fwasm-exceptions, -sALLOW_MEMORY_GROWTH=1',
      uncommitted_build_inputs: dirty,
    },
    commands: ['lscpu', 'c++ --version', 'emcc --version', 'chromium --version'],
  };
};

let snapshotsBuilt = false;
function buildSnapshots(commands) {
  if (snapshotsBuilt) return;
  run(bin, ['snapshot', '--from', MLS, '--out', path.join(tmp, 'ml-latest-small.cinerec')], { commands });
  run(bin, ['snapshot', '--from', M100K, '--out', path.join(tmp, 'ml-100k.cinerec')], { commands });
  snapshotsBuilt = true;
}
const SNAP = () => ({
  default: DEFAULT_SNAPSHOT,
  'ml-latest-small': path.join(tmp, 'ml-latest-small.cinerec'),
  'ml-100k': path.join(tmp, 'ml-100k.cinerec'),
});

steps.snapshot = () => {
  const commands = [];
  buildSnapshots(commands);
  const rows = [];
  for (const [name, file] of Object.entries(SNAP())) {
    const bytes = readFileSync(file);
    const info = run(bin, ['snapshot', '--info', file], { commands }).stdout.trim();
    const native = cinerec(['bench', 'snapshot', '--data', file, '--repeat', quick ? '20' : '50'], { commands }).json;
    rows.push({ name, file: shown('', [file]).trim(), bytes: bytes.length, gzip9: gz(bytes), info, native_parse: native.snapshot, ratings: native.ratings, items: native.items });
  }
  // The wasm parse times come from the wasm group (the same module load).
  return { data: { snapshots: rows }, commands };
};

steps.shipped = () => {
  const commands = [];
  run('npx', ['vite', 'build', '--config', 'web/app/vite.config.js', '--logLevel', 'warn'], { commands, json: false });
  const dir = path.join(root, 'dist/app');
  const files = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (!p.endsWith('.map')) files.push(p);
    }
  };
  walk(dir);
  const rows = files.sort().map((f) => {
    const b = readFileSync(f);
    return { file: path.relative(dir, f), bytes: b.length, gzip9: gz(b) };
  });
  const sum = (pred) => {
    const sel = rows.filter(pred);
    const cat = Buffer.concat(sel.map((r) => readFileSync(path.join(dir, r.file))));
    return { files: sel.length, bytes: cat.length, gzip9_each: sel.reduce((a, r) => a + r.gzip9, 0) };
  };
  return {
    data: {
      files: rows,
      wasm: sum((r) => r.file.endsWith('.wasm')),
      js: sum((r) => r.file.endsWith('.js')),
      wasm_js: sum((r) => r.file.endsWith('.js') || r.file.endsWith('.wasm')),
      css_html: sum((r) => r.file.endsWith('.css') || r.file.endsWith('.html')),
    },
    commands,
  };
};

steps.app = () => {
  const commands = [];
  if (!existsSync(path.join(root, 'dist/app/index.html')))
    run('npx', ['vite', 'build', '--config', 'web/app/vite.config.js', '--logLevel', 'warn'], { commands });
  const file = path.join(tmp, 'app.json');
  run('node', ['bench/app-perf.mjs', quick ? '1' : '3', '--json', file], { commands, timeout: 900 });
  return { data: JSON.parse(readFileSync(file, 'utf8')), commands };
};

steps.native = () => {
  const commands = [];
  const R = (full, q) => String(quick ? q : full);
  const fit = (data, algo, extra = [], repeat = R(5, 3)) =>
    cinerec(['bench', 'fit', '--data', data, '--algo', algo, '--threads', '1', '--repeat', repeat, ...extra], { commands, rss: true });
  const pick = (r) => ({ ...r.json, peak_rss_mb_time_v: r.peak_rss_mb, wall_seconds: r.wall_seconds });
  const out = {};
  out.svd_fit = pick(fit(MLS, 'svd'));
  // The first fit of a process, what a one-off CLI call pays: several
  // processes, each reporting its first fit and the median of the others.
  const firsts = [];
  for (let k = 0; k < (quick ? 3 : 7); k++) firsts.push(fit(MLS, 'svd', [], '4').json.fit);
  out.svd_first_fit = { processes: firsts.length, first_seconds: firsts.map((f) => f.first_seconds), median_seconds: firsts.map((f) => f.median_seconds) };
  out.svd_holdout = pick(fit(MLS, 'svd', ['--holdout', '0.2'], '1'));
  out.svdpp_fit = pick(fit(MLS, 'svdpp', [], R(3, 1)));
  out.svdpp_holdout = pick(fit(MLS, 'svdpp', ['--holdout', '0.2'], '1'));
  out.knn_baseline = pick(fit(MLS, 'knn-baseline',
    ['--param', 'user_based=false', '--param', 'similarity=pearson_baseline', '--holdout', '0.2'], R(3, 1)));
  out.content_similar = pick(cinerec(['bench', 'similar', '--data', MLS, '--algo', 'content', '--n', '20', '--repeat', R(5, 3)], { commands, rss: true }));
  out.ease_fit = pick(fit(M100K, 'ease'));
  out.svd_recommend = pick(cinerec(['bench', 'recommend', '--data', MLS, '--algo', 'svd', '--profile-size', '20', '--n', '10', '--repeat', R(500, 200)], { commands, rss: true }));
  return { data: out, commands };
};

steps.scale = () => scaleStep({ run, bin, tmp, quick, log });

steps.python = () => {
  const commands = [];
  const runs = [];
  for (let k = 0; k < (quick ? 1 : 3); k++) {
    const r = run('/usr/bin/python3', ['bench/python/sklearn_tfidf.py', MLS], { commands, rss: true, json: true });
    runs.push({ ...r.json, peak_rss_mb: r.peak_rss_mb, wall_seconds: r.wall_seconds });
  }
  const s = runs.map((r) => r.seconds).sort((a, b) => a - b);
  return {
    data: {
      sklearn_tfidf: { runs, min_seconds: s[0], median_seconds: s[Math.floor(s.length / 2)], matrix_mib: runs[0].matrix_mib, peak_rss_mb: Math.max(...runs.map((r) => r.peak_rss_mb)) },
    },
    commands: [...new Set(commands)],
  };
};

steps.wasm = () => {
  const commands = [];
  buildSnapshots(commands);
  const S = SNAP();
  const args = ['bench/wasm.mjs',
    '--snapshot', `default=${S.default}`, '--snapshot', `ml-latest-small=${S['ml-latest-small']}`, '--snapshot', `ml-100k=${S['ml-100k']}`,
    '--fit', 'ml-latest-small:svd', '--fit', 'ml-100k:ease',
    '--recommend', 'ml-latest-small:svd', '--recommend', 'default:svd',
    '--repeat', quick ? '1' : '5', ...(quick ? ['--quick'] : [])];
  const r = run('node', args, { commands, json: true });
  return { data: r.json, commands };
};

// ---------------------------------------------------------------- quality

const HEADLINE_RMSE = ['svd', 'svdpp', 'knn-baseline', 'baseline'];

steps.quality = () => {
  const commands = [];
  const started = Date.now();
  const reports = [];
  if (!quick) {
    // Another run of bench-tables writes the same files: wait for it to end.
    const others = () => spawnSync('pgrep', ['-f', 'node .*scripts/bench-tables.mjs'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    for (let waited = 0; others().length && waited < 1200; waited += 10) {
      if (waited === 0) log('  (another scripts/bench-tables.mjs is running; waiting for it to finish)');
      spawnSync('sleep', ['10']);
    }
    // The tables of bench/tables/*.md, from scratch.
    run('node', ['scripts/bench-tables.mjs', '--bin', bin, '--timeout', '600', ...(reuseTables ? ['--reuse'] : [])], { commands, timeout: 3600 });
    const rawDir = path.join(root, 'bench/tables/raw');
    for (const f of readdirSync(rawDir)) {
      const p = path.join(rawDir, f);
      if (!reuseTables && statSync(p).mtimeMs < started - 1000) continue; // left over from an older run
      const res = JSON.parse(readFileSync(p, 'utf8'));
      if (res.report) reports.push({ ...res.report, wall_seconds: res.wall, command: res.command });
      else reports.push({ error: res.error, command: res.command, file: f });
    }
  } else {
    // The headline only: the four default RMSE rows on u1–u5 (and Surprise's
    // defaults where cinerec's differ), every tuned
    // preset on u1–u5, and top-10 on the stratified split for the ranking
    // models most likely to be best.
    const algos = JSON.parse(run(bin, ['algorithms', '--json'], {}).stdout);
    const tuned = algos.filter((a) => a.best).map((a) => a.name);
    const jobs = [
      ...HEADLINE_RMSE.map((a) => ['ml100k-folds', a, 'default']),
      ...HEADLINE_RMSE.filter((a) => algos.find((x) => x.name === a)?.surprise).map((a) => ['ml100k-folds', a, 'surprise']),
      ...tuned.filter((a) => algos.find((x) => x.name === a).predicts_ratings).map((a) => ['ml100k-folds', a, 'best']),
      ...['ease', 'item-knn', 'ials'].map((a) => ['user-stratified:0.25', a, 'default']),
      ...tuned.filter((a) => !algos.find((x) => x.name === a).predicts_ratings).map((a) => ['user-stratified:0.25', a, 'best']),
    ];
    for (const [protocol, algo, preset] of jobs) {
      try {
        const r = cinerec(['eval', '--data', M100K, '--algo', algo, '--protocol', protocol, '--preset', preset, '--k', '10', '--seed', '42', '--json', '-'], { commands, timeout: 600 });
        reports.push({ ...r.json, preset, wall_seconds: r.wall_seconds });
      } catch (err) {
        reports.push({ error: String(err.message), algorithm: algo, protocol, preset });
      }
    }
  }
  // Keep what the headline needs: per (protocol, algorithm, preset) the mean
  // metrics of the ml-100k rating and top-N protocols (the other reports are
  // in the tables' text below).
  const wanted = (r) => r.error || (r.dataset === 'ml-100k' && ['ml100k-folds', 'kfold:5', 'user-stratified:0.25'].includes(r.protocol));
  const slim = reports.filter(wanted).map((r) =>
    r.error
      ? r
      : {
          dataset: r.dataset, protocol: r.protocol, algorithm: r.algorithm, seed: r.seed,
          preset: r.preset ?? (/--preset (\w+)/.exec(r.command ?? '')?.[1] ?? 'default'),
          rmse: r.mean.rmse, mae: r.mean.mae, 'precision@10': r.mean['precision@10'],
          'ndcg@10': r.mean['ndcg@10'], 'recall@10': r.mean['recall@10'], map_all: r.folds?.[0]?.['map_all@10'] ?? null,
          fit_seconds: r.fit_seconds, wall_seconds: r.wall_seconds,
        });
  const tables = {};
  const tdir = path.join(root, 'bench/tables');
  if (existsSync(tdir))
    for (const f of readdirSync(tdir).filter((x) => x.endsWith('.md')).sort())
      tables[f] = {
        mtime: statSync(path.join(tdir, f)).mtime.toISOString(),
        fresh: !quick && (reuseTables || statSync(path.join(tdir, f)).mtimeMs >= started - 1000),
        // This run's text, so the README shows the tables behind this headline
        // even if someone regenerates bench/tables later.
        text: quick ? undefined : readFileSync(path.join(tdir, f), 'utf8'),
      };
  return { data: { mode: quick ? 'headline evals only (--quick)' : `scripts/bench-tables.mjs, all tables${reuseTables ? ' (raw reports reused from an earlier run: --reuse-tables)' : ''}`, reports: slim, tables }, commands };
};

// ------------------------------------------------------------------ main

if (!flag('readme')) {
  if (!existsSync(srcBin)) {
    console.error('bench: build/native/cinerec is missing (bash scripts/build.sh native)');
    process.exit(1);
  }
  copyFileSync(srcBin, bin);
  chmodSync(bin, 0o755);
  const t0 = performance.now();
  const failures = [];
  for (const g of GROUPS) {
    if (!only.has(g)) continue;
    const othersBusy = busyShare();
    const started = loadavg();
    const tg = performance.now();
    log(`bench: ${g} (load average ${started.join(' ')}; cores ${Math.round(othersBusy * 100)}% busy before it)`);
    try {
      const { data, commands } = steps[g]();
      save(g, { seconds: Number(((performance.now() - tg) / 1000).toFixed(1)), ...data }, commands, started, othersBusy);
    } catch (err) {
      failures.push(g);
      log(`bench: ${g} FAILED: ${err.message}`);
      save(g, { error: String(err.message) }, [], started, othersBusy);
    }
  }
  log(`bench: measurements took ${((performance.now() - t0) / 1000).toFixed(0)} s${failures.length ? `; failed: ${failures.join(', ')}` : ''}`);
  process.exitCode = failures.length ? 1 : 0;
}
writeReadme(root, { quick });
log('bench: wrote bench/README.md');
