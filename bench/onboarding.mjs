// Onboarding by simulation (bench/README.md, "Onboarding"): held-out users
// answer the welcome's asks — a film they rated in the data gets their rating,
// any other "haven't seen it" — and after A asks their answers are the profile;
// P@10 / nDCG@10 of the app's default model (ltr) on their remaining ratings
// (every remaining rating relevant; asked films excluded from the list).
//
//   CINEREC_JOBS=1 node bench/onboarding.mjs [--data DIR] [--seeds 42,43,44] [--share 0.67] [--skip 20] [--window 0] [--min-rated 1]
//
// Per seed: 10% of the users (seeded shuffle; every MovieLens user has ≥ 20
// ratings) are held out; a snapshot with timestamps is built by the native
// `cinerec snapshot` from the others' ratings (in a temporary folder, deleted
// after), and ltr is trained on it through the library (dist/lib's Node API).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pickStarters } from '../web/app/src/starters.js';
import { MAX_ASKS, adaptAsks, emptyAnswers, entropy, informativeOrder } from '../web/app/src/onboarding.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { createRecommender } = await import(join(repo, 'dist/lib/node.js'));
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: join(repo, '../shared/data/ml-latest-small') },
    seeds: { type: 'string', default: '42,43,44' },
    share: { type: 'string', default: '' },
    'min-rated': { type: 'string', default: '' },
    skip: { type: 'string', default: '' },
    window: { type: 'string', default: '' },
    fraction: { type: 'string', default: '0.1' },
  },
});
const seeds = values.seeds.split(',').map(Number);
const settings = {};
if (values.share) settings.modelShare = Number(values.share);
if (values.window) settings.window = Number(values.window);
if (values.skip) settings.skip = Number(values.skip);
if (values['min-rated']) settings.minRated = Number(values['min-rated']);
const ASKS = [12, 20, 30];
const cli = join(repo, 'build/native/cinerec');

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The rating file, whichever MovieLens layout: [{ user, movie, rating, line }].
const dir = resolve(values.data);
const ratingFile = existsSync(join(dir, 'ratings.csv')) ? 'ratings.csv' : existsSync(join(dir, 'u.data')) ? 'u.data' : 'ratings.dat';
const text = readFileSync(join(dir, ratingFile), 'utf8');
const lines = text.split('\n');
const header = ratingFile === 'ratings.csv' ? lines.shift() : null;
const sep = ratingFile === 'u.data' ? '\t' : ratingFile === 'ratings.dat' ? '::' : ',';
const rows = lines.filter(Boolean).map((line) => {
  const [u, m, r] = line.split(sep);
  return { user: Number(u), movie: Number(m), rating: Number(r), line };
});
const users = [...new Set(rows.map((r) => r.user))].sort((a, b) => a - b);

const strategies = {
  popular: { label: 'popular starters (pickStarters, today)', adaptive: false, entropy: false },
  entropy: { label: 'log-pop × entropy, static', adaptive: false, entropy: true },
  adaptive: { label: '**adaptive** (pickStarters order + model; the app)', adaptive: true, entropy: false },
  'adaptive-entropy': { label: 'adaptive, log-pop × entropy order + model', adaptive: true, entropy: true },
};
const sums = {}; // strategy → A → { p, ndcg, rated, n }
for (const s of Object.keys(strategies)) sums[s] = Object.fromEntries(ASKS.map((a) => [a, { p: 0, ndcg: 0, rated: 0, n: 0 }]));
const idcg = Array.from({ length: 11 }, (_, k) => Array.from({ length: k }, (_, i) => 1 / Math.log2(i + 2)).reduce((a, b) => a + b, 0));

const t0 = performance.now();
for (const seed of seeds) {
  const rand = mulberry32(seed);
  const order = [...users];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const held = new Set(order.slice(0, Math.round(order.length * Number(values.fraction))));
  const tmp = mkdtempSync(join(tmpdir(), 'cinerec-onboard-'));
  try {
    const folder = join(tmp, basename(dir));
    execFileSync('mkdir', [folder]);
    for (const f of readdirSync(dir)) if (f !== ratingFile) symlinkSync(join(dir, f), join(folder, f));
    const kept = rows.filter((r) => !held.has(r.user)).map((r) => r.line);
    writeFileSync(join(folder, ratingFile), (header ? header + '\n' : '') + kept.join('\n') + '\n');
    const snap = join(tmp, 'train.cinerec');
    execFileSync(cli, ['snapshot', '--from', folder, '--out', snap, '--timestamps'], { stdio: 'ignore' });
    const rec = await createRecommender({ snapshot: new Uint8Array(readFileSync(snap)) }); // trains ltr
    const movies = rec.movies.all();
    // Rating histograms of the training users only (for the entropy variants).
    const hist = new Map();
    for (const r of rows) {
      if (held.has(r.user)) continue;
      let h = hist.get(r.movie);
      if (!h) hist.set(r.movie, (h = new Array(10).fill(0)));
      h[Math.min(9, Math.max(0, Math.round(r.rating * 2) - 1))]++;
    }
    const orders = {
      popular: pickStarters(movies, MAX_ASKS).map((m) => m.movieId),
      entropy: informativeOrder(movies, { count: MAX_ASKS, entropyOf: (m) => entropy(hist.get(m.movieId) ?? []) }).map((m) => m.movieId),
    };
    for (const user of held) {
      const truth = new Map(rows.filter((r) => r.user === user).map((r) => [r.movie, r.rating]));
      for (const [name, s] of Object.entries(strategies)) {
        const informative = s.entropy ? orders.entropy : orders.popular;
        const answers = emptyAnswers();
        const asked = [];
        for (let k = 0; k < MAX_ASKS; k++) {
          const [id] = s.adaptive
            ? await adaptAsks(rec, { answers, informative, asked: new Set(asked), n: 1, settings })
            : informative.filter((x) => !asked.includes(x));
          if (id == null) break;
          asked.push(id);
          if (truth.has(id)) answers.rated.set(id, truth.get(id));
          else answers.unseen.add(id);
          if (!ASKS.includes(k + 1)) continue;
          const ratings = [...answers.rated].map(([movieId, rating]) => ({ movieId, rating }));
          const top = await rec.recommend({ ratings, n: 10, exclude: asked, reasons: false });
          const remaining = [...truth.keys()].filter((m) => !asked.includes(m)).length;
          let hits = 0;
          let dcg = 0;
          top.forEach((r, i) => {
            if (truth.has(r.movieId) && !asked.includes(r.movieId)) {
              hits++;
              dcg += 1 / Math.log2(i + 2);
            }
          });
          const acc = sums[name][k + 1];
          acc.p += hits / 10;
          acc.ndcg += dcg / idcg[Math.min(10, remaining)] || 0;
          acc.rated += answers.rated.size;
          acc.n++;
        }
      }
    }
    rec.dispose();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const seconds = (performance.now() - t0) / 1000;
const f = (x) => x.toFixed(4);
const heldPerSeed = Math.round(users.length * Number(values.fraction));
console.log(`${basename(dir)}: ${heldPerSeed} held-out users per seed × seeds ${seeds.join(', ')}; ltr; settings ${JSON.stringify({ ...settings })}; ${cpus()[0].model}; ${seconds.toFixed(0)} s\n`);
console.log('| strategy | asks | P@10 | nDCG@10 | films rated | P@10 vs popular |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const a of ASKS)
  for (const [name, s] of Object.entries(strategies)) {
    const x = sums[name][a];
    const base = sums.popular[a].p / sums.popular[a].n;
    const p = x.p / x.n;
    console.log(`| ${s.label} | ${a} | ${f(p)} | ${f(x.ndcg / x.n)} | ${(x.rated / x.n).toFixed(1)} | ${name === 'popular' ? '' : `${p >= base ? '+' : ''}${(((p - base) / base) * 100).toFixed(1)}%`} |`);
  }
