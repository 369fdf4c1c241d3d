#!/usr/bin/env node
// Runs `cinerec eval` over the algorithms the binary registers and writes
// these tables as markdown into bench/tables/:
//   1-ml100k-rating.md     ml-100k 5-fold CV and u1–u5, beside Surprise's published RMSE / MAE / time
//   2-ml100k-topn.md       ml-100k per-user stratified 75/25, top-10, beside Microsoft Recommenders' figures
//   3-ml-latest-small.md   ml-latest-small, every algorithm, rating and ranking metrics
//   4-new-users.md         the new-user protocol (5, 10, 20 random given ratings) on both data sets
//   5-new-users-first.md   the same with each person's first 5, 10, 20 ratings by time, beside popularity
// Raw reports go to bench/tables/raw/*.json (re-used with --reuse).
//
// usage: node scripts/bench-tables.mjs [--bin PATH] [--tables 1,2,3,4,5] [--reuse] [--timeout SECONDS]
//                                      [--algos a,b,...] [--seeds 42,43,44]
// The binary defaults to $CINEREC_BIN or build/native/cinerec; it is copied to
// a temporary file first so that a rebuild during the run changes nothing.
// An algorithm the binary does not register is left out; one that fails or
// times out gets a row saying so.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
};
const flag = (name) => argv.includes(`--${name}`);

const srcBin = path.resolve(opt('bin', process.env.CINEREC_BIN || path.join(root, 'build/native/cinerec')));
const tables = new Set(opt('tables', '1,2,3,4,5').split(',').map(Number));
const reuse = flag('reuse');
const timeoutSeconds = Number(opt('timeout', '1200'));
const seeds = opt('seeds', '42,43,44').split(',').map(Number);
const shared = path.resolve(root, '../shared/data');
const DATA = { 'ml-100k': path.join(shared, 'ml-100k'), 'ml-latest-small': path.join(shared, 'ml-latest-small') };
const outDir = path.join(root, 'bench/tables');
const rawDir = path.join(outDir, 'raw');
mkdirSync(rawDir, { recursive: true });

if (!existsSync(srcBin)) {
  console.error(`bench-tables: no binary at ${srcBin} (build it: scripts/build.sh native, or pass --bin)`);
  process.exit(1);
}
const bin = path.join(os.tmpdir(), `cinerec-bench-${process.pid}`);
copyFileSync(srcBin, bin);
chmodSync(bin, 0o755);
process.on('exit', () => rmSync(bin, { force: true }));

let algorithms = JSON.parse(spawnSync(bin, ['algorithms', '--json'], { encoding: 'utf8' }).stdout);
if (opt('algos')) {
  const keep = new Set(opt('algos').split(','));
  algorithms = algorithms.filter((a) => keep.has(a.name));
}
const known = new Map(algorithms.map((a) => [a.name, a]));

// ------------------------------------------------------------------ running

const sh = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout?.trim() ?? '';
const machine = {
  cpu: (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || 'unknown CPU',
  cores: os.cpus().length,
  memory_gb: (os.totalmem() / 2 ** 30).toFixed(1),
  os: `${os.type()} ${os.release()}`,
  compiler: sh('c++', ['--version']).split('\n')[0],
  commit: sh('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  load_start: os.loadavg().map((x) => x.toFixed(1)).join(' '),
};

const commands = [];
const done = new Map(); // this run's results by command: two tables asking for one run share it
let runCount = 0;
function evaluate({ data, protocol, algo, preset = 'default', k = 10, seed = 42 }) {
  const args = ['eval', '--data', DATA[data], '--algo', algo, '--protocol', protocol, '--preset', preset,
    '--k', String(k), '--seed', String(seed), '--json', '-'];
  const shown = `cinerec ${args.join(' ').replace(shared, '../shared/data').replace(' --json -', '')}`;
  commands.push(shown);
  if (done.has(shown)) return done.get(shown);
  const key = `${data}__${protocol}__${algo}__${preset}__k${k}__s${seed}`.replace(/[^A-Za-z0-9_.-]/g, '_');
  const file = path.join(rawDir, `${key}.json`);
  if (reuse && existsSync(file)) {
    done.set(shown, JSON.parse(readFileSync(file, 'utf8')));
    return done.get(shown);
  }
  const t0 = process.hrtime.bigint();
  process.stderr.write(`[${++runCount}] ${shown} ... `);
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: timeoutSeconds * 1000, maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  let result;
  if (r.error?.code === 'ETIMEDOUT' || r.signal) result = { error: `timed out after ${timeoutSeconds} s`, wall };
  else if (r.status !== 0) result = { error: (r.stderr || '').trim().split('\n').pop() || `exit ${r.status}`, wall };
  else result = { report: JSON.parse(r.stdout), wall };
  result.command = shown;
  process.stderr.write(result.error ? `FAILED: ${result.error}\n` : `${wall.toFixed(1)} s\n`);
  writeFileSync(file, JSON.stringify(result, null, 1));
  done.set(shown, result);
  return result;
}

// ------------------------------------------------------------------ formatting

const f = (x, d = 3) => (x === null || x === undefined || Number.isNaN(x) ? '—' : Number(x).toFixed(d));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const foldSum = (rep, key) => sum(rep.folds.map((fo) => fo[key] ?? 0));
const mean = (xs) => (xs.length ? sum(xs) / xs.length : null);
const row = (cells) => `| ${cells.join(' | ')} |`;
const header = (cols) => [row(cols), row(cols.map(() => '---'))].join('\n');
const fail = (res) => (res.error ? `**${res.error.replace(/\|/g, '/')}**` : null);

function preamble(title, what) {
  return [
    `# ${title}`,
    '',
    `Generated by \`node scripts/bench-tables.mjs\` on ${machine.date} at commit ${machine.commit}.`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gb} GB, ${machine.os}; ${machine.compiler}.`,
    `Load average when the run started: ${machine.load_start} (the cores were shared with other builds, so`,
    'times are upper bounds). Native build, one thread (`--threads 1`).',
    '',
    what,
    '',
  ].join('\n');
}

function commandList(list) {
  const uniq = [...new Set(list)];
  return ['<details><summary>Commands</summary>', '', '```', ...uniq, '```', '', '</details>', ''].join('\n');
}

function withBest(names) {
  // [algo, preset] pairs: defaults for every algorithm, then "best" where tuned.
  const out = names.map((n) => [n, 'default']);
  for (const n of names) if (known.get(n)?.best) out.push([n, 'best']);
  return out;
}
const label = (algo, preset) => {
  if (preset === 'best') return `${algo} (best: \`${JSON.stringify(known.get(algo).best)}\`)`;
  if (preset === 'surprise') return `${algo} (Surprise's defaults: \`${JSON.stringify(known.get(algo).surprise)}\`)`;
  return algo;
};

// ------------------------------------------------------------------ table 1

// Surprise README (NicolasHug/Surprise, commit 3136e0a523da169d7e60420045e073bfe46bcefe,
// "Benchmarks"): default parameters, 5-fold CV (the same folds for every
// algorithm, KFold with random_state=0), total time on an intel i5 11th Gen 2.60GHz.
const SURPRISE = [
  ['SVD', 'svd', 0.934, 0.737, '0:00:06'],
  ['SVD++ (cache_ratings=False)', 'svdpp', 0.919, 0.721, '0:01:39'],
  ['NMF', 'nmf', 0.963, 0.758, '0:00:06'],
  ['Slope One', 'slope-one', 0.946, 0.743, '0:00:09'],
  ['k-NN', 'knn-basic', 0.98, 0.774, '0:00:08'],
  ['Centered k-NN', 'knn-means', 0.951, 0.749, '0:00:09'],
  ['k-NN Baseline', 'knn-baseline', 0.931, 0.733, '0:00:13'],
  ['Co-Clustering', 'co-clustering', 0.963, 0.753, '0:00:06'],
  ['Baseline', 'baseline', 0.944, 0.748, '0:00:02'],
  ['Random', 'random', 1.518, 1.219, '0:00:01'],
];

function table1() {
  const start = commands.length;
  const rows = [];
  const ratingAlgos = algorithms.filter((a) => a.predicts_ratings).map((a) => a.name);
  const inSurprise = new Set(SURPRISE.map((s) => s[1]));
  const entries = [
    ...SURPRISE.filter((s) => known.has(s[1])).map((s) => ({ s, algo: s[1], preset: 'default' })),
    // Where cinerec's defaults differ from Surprise's, the same algorithm with Surprise's.
    ...SURPRISE.filter((s) => known.get(s[1])?.surprise).map((s) => ({ s, algo: s[1], preset: 'surprise' })),
    ...ratingAlgos.filter((a) => !inSurprise.has(a)).map((a) => ({ s: null, algo: a, preset: 'default' })),
    ...ratingAlgos.filter((a) => known.get(a).best).map((a) => ({ s: null, algo: a, preset: 'best' })),
  ];
  const missing = SURPRISE.filter((s) => !known.has(s[1])).map((s) => `${s[0]} (\`${s[1]}\`)`);
  for (const { s, algo, preset } of entries) {
    const cv = evaluate({ data: 'ml-100k', protocol: 'kfold:5', algo, preset });
    const u = evaluate({ data: 'ml-100k', protocol: 'ml100k-folds', algo, preset });
    const cells = [s ? s[0] : '—', label(algo, preset), s ? f(s[2]) : '—', s ? f(s[3]) : '—', s ? s[4] : '—'];
    for (const res of [cv, u]) {
      if (res.error) cells.push(fail(res), '', '', '');
      else {
        const rep = res.report;
        cells.push(f(rep.mean.rmse, 4), f(rep.mean.mae, 4),
          f(foldSum(rep, 'fit_seconds') + foldSum(rep, 'predict_seconds'), 2), f(res.wall, 1));
      }
    }
    rows.push(row(cells));
  }
  const text = [
    preamble('MovieLens 100k: rating prediction beside Surprise',
      [
        'cinerec runs every algorithm with its defaults (`--preset default`: Surprise\'s where Surprise has the',
        'algorithm, except the rates, regularisation and initial spread of svd and svdpp and the bias regularisation',
        'of baseline, chosen on ml-latest-small; those three are also run with Surprise\'s own values, `--preset',
        'surprise`) on two protocols: `kfold:5` (5-fold CV, seed 42: not Surprise\'s folds, which are drawn by',
        'numpy) and `ml100k-folds` (the official u1–u5 .base/.test files, the same for every tool). RMSE and MAE are',
        'means over the 5 folds. *fit+predict s* is the sum over the 5 folds of the fit time and the time of the',
        'RMSE/MAE predictions, the closest to what Surprise times; *run s* is the whole `cinerec eval` command',
        '(loading the data, and ranking the whole catalogue for every test user, which Surprise does not do).',
        '',
        'Surprise\'s figures are copied from its README ("Benchmarks", NicolasHug/Surprise at commit 3136e0a:',
        'default parameters, 5-fold CV, total time on "a laptop with an intel i5 11th Gen 2.60GHz"); Surprise was',
        'not run here (it is not installable on this machine). SVD++\'s time is for `cache_ratings=False`',
        '(0:01:22 with `cache_ratings=True`). An older README revision lists Random at 1.514 / 1.215 and shorter',
        'times for the k-NN rows; the RMSE/MAE of the other rows are the same in both.',
        missing.length ? `\nNot registered in this build, so left out: ${missing.join(', ')}.` : '',
      ].join('\n')),
    header(['Surprise row', 'cinerec algorithm', 'Surprise RMSE', 'Surprise MAE', 'Surprise time',
      '5-fold RMSE', '5-fold MAE', 'fit+predict s', 'run s', 'u1–u5 RMSE', 'u1–u5 MAE', 'fit+predict s', 'run s']),
    ...rows,
    '',
    commandList(commands.slice(start)),
  ].join('\n');
  writeFileSync(path.join(outDir, '1-ml100k-rating.md'), text);
}

// ------------------------------------------------------------------ table 2

// Microsoft Recommenders README, "Algorithm Comparison" (recommenders-team/recommenders,
// commit 005dcd06bd32ab996c7e4c9892ebbfcab80adb1a): MovieLens 100k, stratified
// 75/25 split, k = 10, on a Standard NC6s_v2 Azure DSVM.
const MSR = [
  ['ALS', 0.004732, 0.044239, 0.048462, 0.017796],
  ['BiVAE', 0.146126, 0.475077, 0.411771, 0.219145],
  ['BPR', 0.132478, 0.441997, 0.388229, 0.212522],
  ['FastAI', 0.025503, 0.147866, 0.130329, 0.053824],
  ['LightGCN', 0.088526, 0.419846, 0.379626, 0.144336],
  ['NCF', 0.10772, 0.396118, 0.347296, 0.180775],
  ['SAR', 0.110591, 0.382461, 0.330753, 0.176385],
  ['SVD (Surprise)', 0.012873, 0.09593, 0.091198, 0.032783],
];

function table2() {
  const start = commands.length;
  const rows = [];
  const results = [];
  for (const [algo, preset] of withBest(algorithms.map((a) => a.name))) {
    const res = evaluate({ data: 'ml-100k', protocol: 'user-stratified:0.25', algo, preset });
    results.push({ algo, preset, res });
  }
  results.sort((a, b) => (b.res.report?.mean['precision@10'] ?? -1) - (a.res.report?.mean['precision@10'] ?? -1));
  for (const { algo, preset, res } of results) {
    if (res.error) {
      rows.push(row([label(algo, preset), fail(res), '', '', '', '', '', '', '', '', '', '']));
      continue;
    }
    const m = res.report.mean, fo = res.report.folds[0];
    rows.push(row([label(algo, preset), f(fo['map_all@10'], 4), f(m['ndcg@10'], 4), f(m['precision@10'], 4),
      f(m['recall@10'], 4), f(m['map@10'], 4), f(m['hit_rate@10'], 3), f(m.mrr, 3), f(m.coverage, 3),
      f(m.novelty, 2), f(m.diversity, 3), f(res.report.fit_seconds, 2)]));
  }
  const text = [
    preamble('MovieLens 100k: top-10 beside Microsoft Recommenders',
      [
        'Protocol `user-stratified:0.25` (per user, 25% of their ratings held out, seed 42), k = 10, every held-out',
        'item relevant, candidates = every movie the user has not rated in training. *MAP* is average precision',
        'normalised by the user\'s number of relevant items, the definition of Microsoft Recommenders\' MAP column;',
        '*MAP@10* normalises by min(10, relevant) (docs/evaluation.md). Sorted by P@10.',
      ].join('\n')),
    header(['cinerec algorithm', 'MAP', 'nDCG@10', 'P@10', 'R@10', 'MAP@10', 'HR@10', 'MRR', 'coverage', 'novelty',
      'diversity', 'fit s']),
    ...rows,
    '',
    'Microsoft Recommenders\' published figures, copied from their README ("Algorithm Comparison",',
    'recommenders-team/recommenders at commit 005dcd0): MovieLens 100k, stratified 75/25 split, k = 10,',
    '"empirical parameter values reported in literature", 15 epochs, on an Azure NC6s_v2. Not re-run here; their',
    'split is drawn by their own code, so the rows compare protocols, not identical test sets.',
    '',
    header(['Microsoft Recommenders', 'MAP', 'nDCG@10', 'P@10', 'R@10']),
    ...MSR.map((r) => row([r[0], ...r.slice(1).map((x) => f(x, 4))])),
    '',
    commandList(commands.slice(start)),
  ].join('\n');
  writeFileSync(path.join(outDir, '2-ml100k-topn.md'), text);
}

// ------------------------------------------------------------------ table 3

function table3() {
  const start = commands.length;
  const rows = [];
  for (const [algo, preset] of withBest(algorithms.map((a) => a.name))) {
    const res = evaluate({ data: 'ml-latest-small', protocol: 'kfold:5', algo, preset });
    if (res.error) {
      rows.push(row([label(algo, preset), fail(res), ...Array(12).fill('')]));
      continue;
    }
    const m = res.report.mean;
    rows.push(row([label(algo, preset), f(m.rmse, 4), f(m.mae, 4), f(m['precision@10'], 4), f(m['recall@10'], 4),
      f(m['ndcg@10'], 4), f(m['map@10'], 4), f(m['hit_rate@10'], 3), f(m.mrr, 3), f(m.coverage, 3), f(m.novelty, 2),
      f(m.diversity, 3), f(res.report.fit_seconds, 2), f(res.report.recommend_seconds_per_user * 1000, 2)]));
  }
  const text = [
    preamble('ml-latest-small: every algorithm',
      [
        'Protocol `kfold:5` (5-fold CV over all 100,836 ratings, seed 42), k = 10, every held-out item relevant,',
        'means over the 5 folds. RMSE/MAE are — for ranking-only models. *fit s* is the mean fit time per fold;',
        '*ms/user* the mean time to score the whole catalogue (9,742 movies) and take the top 10 for one user.',
        'Models trained to predict ratings rank the whole catalogue by predicted rating, which puts rarely rated,',
        'highly rated movies first (see their novelty); their top-10 figures are far below the ranking models\'',
        'ones, as in Microsoft Recommenders\' table (their Surprise SVD: P@10 0.091 on ml-100k).',
      ].join('\n')),
    header(['algorithm', 'RMSE', 'MAE', 'P@10', 'R@10', 'nDCG@10', 'MAP@10', 'HR@10', 'MRR', 'coverage', 'novelty',
      'diversity', 'fit s', 'ms/user']),
    ...rows,
    '',
    commandList(commands.slice(start)),
  ].join('\n');
  writeFileSync(path.join(outDir, '3-ml-latest-small.md'), text);
}

// ------------------------------------------------------------------ table 4

function table4() {
  const start = commands.length;
  const givens = [5, 10, 20];
  const parts = [];
  for (const data of ['ml-100k', 'ml-latest-small']) {
    const rows = [];
    for (const [algo, preset] of withBest(algorithms.map((a) => a.name))) {
      const cells = [label(algo, preset)];
      let latency = null;
      for (const g of givens) {
        const runs = seeds.map((seed) => evaluate({ data, protocol: `new-users:0.1:${g}`, algo, preset, seed }));
        const bad = runs.find((r) => r.error);
        if (bad) {
          cells.push(fail(bad), '', '', '');
          continue;
        }
        const avg = (key) => mean(runs.map((r) => r.report.mean[key]).filter((x) => x !== null));
        cells.push(f(avg('precision@10'), 3), f(avg('ndcg@10'), 3), f(avg('hit_rate@10'), 3), f(avg('rmse'), 3));
        if (g === 20) latency = mean(runs.map((r) => r.report.recommend_seconds_per_user));
      }
      cells.push(latency === null ? '—' : f(latency * 1000, 2));
      rows.push(row(cells));
    }
    parts.push(`## ${data}`, '',
      header(['algorithm', ...givens.flatMap((g) => [`P@10 (${g})`, `nDCG@10 (${g})`, `HR@10 (${g})`, `RMSE (${g})`]),
        'ms/user (20)']),
      ...rows, '');
  }
  const text = [
    preamble('The new-user protocol: what a person with 5, 10 or 20 ratings gets',
      [
        'Protocol `new-users:0.1:G`: 10% of the users (those with more than G ratings are eligible) are removed from',
        'training entirely; the model is fitted once on the others; each held-out user gives G random ratings as a',
        'profile, is scored by fold-in (`Model::fold(profile)`, no retraining), gets a top-10 over every movie',
        'outside the profile, and is scored against the rest of their ratings (every one relevant). Each figure is',
        `the mean over ${seeds.length} seeds (${seeds.join(', ')}), i.e. ${seeds.length} different draws of held-out users`,
        '(94 users per draw on ml-100k, 61 on ml-latest-small). *ms/user (20)*: time to score the catalogue for a',
        '20-rating profile (fold-in included) and take the top 10, natively.',
      ].join('\n')),
    ...parts,
    commandList(commands.slice(start)),
  ].join('\n');
  writeFileSync(path.join(outDir, '4-new-users.md'), text);
}

// ------------------------------------------------------------------ table 5

// The top-N models of table 4 and the rating models that rank at all there;
// knn-basic/-means/-zscore/-baseline, slope-one, co-clustering and nmf rank
// the whole catalogue by predicted rating and, with their defaults, stay below
// P@10 0.04 in table 4.
// The model createRecommender() trains when none is named (web/lib/recommender.js).
const DEFAULT_MODEL = 'ltr';
const FIRST_ALGOS = ['popularity', 'ltr', 'item-knn', 'ease', 'ials', 'bpr', 'hybrid', 'svd', 'svdpp', 'baseline', 'als',
  'content', 'random'];

function table5() {
  const start = commands.length;
  const givens = [5, 10, 20];
  const algos = FIRST_ALGOS.filter((a) => known.has(a));
  const left = FIRST_ALGOS.filter((a) => !known.has(a));
  const sd = (xs) => {
    const m = mean(xs);
    return xs.length > 1 ? Math.sqrt(sum(xs.map((x) => (x - m) ** 2)) / (xs.length - 1)) : null;
  };
  // Mean of each metric over the draws, or the first error.
  const measure = (data, protocol, algo) => {
    const runs = seeds.map((seed) => evaluate({ data, protocol, algo, seed }));
    const bad = runs.find((r) => r.error);
    if (bad) return { error: bad };
    const all = (key) => runs.map((r) => r.report.mean[key]).filter((x) => x !== null);
    const out = { p10_sd: sd(all('precision@10')), users: mean(runs.map((r) => r.report.folds[0].users_ranked)) };
    for (const key of ['precision@10', 'ndcg@10', 'recall@10', 'hit_rate@10', 'coverage', 'novelty']) out[key] = mean(all(key));
    return out;
  };
  const parts = [];
  const ratioAt10 = {}; // algorithm -> data -> P@10 / popularity's, for the summary
  const defaultAt = {}; // data -> G -> [P@10, ratio] of the library's default model (ltr), for the summary
  const popAt10 = {};
  for (const data of ['ml-100k', 'ml-latest-small']) {
    parts.push(`## ${data}`, '');
    for (const g of givens) {
      const res = algos.map((algo) => ({ algo, first: measure(data, `new-users:0.1:${g}:first`, algo),
        random: measure(data, `new-users:0.1:${g}`, algo) }));
      const pop = res.find((r) => r.algo === 'popularity')?.first;
      const base = pop && !pop.error ? pop['precision@10'] : null;
      if (g === 10) popAt10[data] = base;
      res.sort((a, b) => (b.first['precision@10'] ?? -1) - (a.first['precision@10'] ?? -1));
      const rows = res.map(({ algo, first: m, random: r }) => {
        if (m.error) return row([algo, fail(m.error), ...Array(8).fill('')]);
        const ratio = base ? m['precision@10'] / base : null;
        if (g === 10) (ratioAt10[algo] ??= {})[data] = ratio;
        if (algo === DEFAULT_MODEL) (defaultAt[data] ??= {})[g] = [m['precision@10'], ratio];
        return row([algo === 'popularity' ? '**popularity**' : algo, f(m['precision@10']), f(m.p10_sd), f(ratio, 2),
          f(m['ndcg@10']), f(m['recall@10']), f(m['hit_rate@10']), f(m.coverage), f(m.novelty, 2),
          r.error ? fail(r.error) : f(r['precision@10'])]);
      });
      const users = res.find((r) => !r.first.error)?.first.users;
      parts.push(`### ${data}, the first ${g} ratings (${users === undefined ? '—' : Math.round(users)} people per draw)`, '',
        header(['algorithm', 'P@10', 'sd', '× popularity', 'nDCG@10', 'R@10', 'HR@10', 'coverage', 'novelty',
          'P@10, random profile']),
        ...rows, '');
    }
  }
  const order = Object.keys(ratioAt10).sort((a, b) => (ratioAt10[b]['ml-100k'] ?? 0) - (ratioAt10[a]['ml-100k'] ?? 0));
  const summary = [
    '<!-- summary -->',
    `P@10 of each model over popularity's at G = 10 (mean of ${seeds.length} draws; popularity's P@10 is`,
    `${f(popAt10['ml-100k'])} on ml-100k and ${f(popAt10['ml-latest-small'])} on ml-latest-small, so 30% above it is`,
    `${f(popAt10['ml-100k'] * 1.3)} and ${f(popAt10['ml-latest-small'] * 1.3)}):`,
    '',
    header(['algorithm', 'ml-100k', 'ml-latest-small']),
    ...order.map((a) => row([a, f(ratioAt10[a]['ml-100k'], 2), f(ratioAt10[a]['ml-latest-small'], 2)])),
    ...(defaultAt['ml-100k'] || defaultAt['ml-latest-small']
      ? ['', `\`${DEFAULT_MODEL}\`, the library's and the app's default, at every G: P@10 (× popularity):`, '',
        header(['data', ...givens.map((g) => `G = ${g}`)]),
        ...['ml-100k', 'ml-latest-small'].map((d) => row([d, ...givens.map((g) => {
          const v = defaultAt[d]?.[g];
          return v ? `${f(v[0])} (${f(v[1], 2)}×)` : '—';
        })]))]
      : []),
    '<!-- /summary -->',
  ];
  const text = [
    preamble('New users by their first ratings: what a person gets, beside popularity',
      [
        'Protocol `new-users:0.1:G:first`: 10% of the users (drawn among those with more than G ratings) are removed',
        'from training entirely; the model is fitted once on the others; each held-out user gives their **first G',
        'ratings by timestamp** (ties: lower item index first) as the profile, as a person meets the app, is scored',
        'by fold-in (`Model::fold(profile)`, no retraining), gets a top-10 over every movie outside the profile, and',
        'is scored against the rest of their ratings (every one relevant). Each figure is the mean over',
        `${seeds.length} seeds (${seeds.join(', ')}): ${seeds.length} draws of held-out users (the same users as table 4`,
        'for a seed), and of each model\'s own seed. *sd*: the standard deviation of P@10 over the draws.',
        '*× popularity*: P@10 over popularity\'s (the most rated movies first) in the same table. *P@10, random',
        'profile*: the same users with G random ratings as the profile (`new-users:0.1:G`, table 4). Every',
        'algorithm with its defaults (`--preset default`, what the app trains).',
        left.length ? `Not registered in this build: ${left.join(', ')}.` : '',
        'Left out: the rating-prediction neighbourhood and clustering models (knn-basic, knn-means, knn-zscore,',
        'knn-baseline, slope-one, co-clustering, nmf), which rank the catalogue by predicted rating and with their',
        'defaults stay below P@10 0.04 in table 4 (tuned knn-baseline reaches 0.18 there, below svdpp, which is here).',
      ].filter(Boolean).join('\n')),
    ...summary,
    '',
    ...parts,
    commandList(commands.slice(start)),
  ].join('\n');
  writeFileSync(path.join(outDir, '5-new-users-first.md'), text);
}

if (tables.has(1)) table1();
if (tables.has(2)) table2();
if (tables.has(3)) table3();
if (tables.has(4)) table4();
if (tables.has(5)) table5();
console.error(`bench-tables: wrote ${[...tables].map((t) => `table ${t}`).join(', ')} to ${path.relative(root, outDir)}/`);
