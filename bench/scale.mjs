// The `scale` group of bench/run.mjs (issue 12): data of ml-25m's size made
// by `cinerec generate`, then the CLI as a person runs it, on 2 threads and
// (without --quick) on 1 for comparison, each command under /usr/bin/time -v
// for its wall time and peak RSS. Opt-in, as it takes minutes and about 1 GB
// of disk: `node bench/run.mjs --only scale`. The generated folder lives in
// the run's temporary directory and goes with it. bench/README-scale.md holds
// the figures measured before this work, side by side with these.
import { mkdirSync, rmSync, statfsSync } from 'node:fs';
import path from 'node:path';

export const SCALE = { ratings: 25000095, users: 162541, movies: 59047 };  // ml-25m's sizes
const TARGETS = { snapshot_s: 15, snapshot_mb: 1536, ials_s: 45, ials_mb: 2048, svd_s: 60 };

/** Measures the group; `run` is bench/run.mjs's runner (it records each command). */
export function scaleStep({ run, bin, tmp, quick, log }) {
  const commands = [];
  const dir = path.join(tmp, 'scale');
  mkdirSync(dir, { recursive: true });
  const fs = statfsSync(dir);
  const freeGb = (fs.bavail * fs.bsize) / 2 ** 30;
  if (freeGb < 2) throw new Error(`scale: ${freeGb.toFixed(1)} GB free in ${dir}, needs 2`);
  const data = path.join(dir, 'gen-25m');
  const timed = (args) => {
    const r = run(bin, args, { rss: true, commands, timeout: 1800 });
    return { wall_seconds: Number(r.wall_seconds.toFixed(2)), peak_rss_mb: Math.round(r.peak_rss_mb), out: `${r.stdout}${r.stderr}` };
  };
  const num = (text, re) => (re.exec(text) ? Number(re.exec(text)[1]) : null);
  const out = { sizes: SCALE, targets: TARGETS, threads: quick ? [2] : [2, 1] };
  try {
    const g = timed(['generate', '--out', data, '--ratings', String(SCALE.ratings), '--users', String(SCALE.users),
      '--movies', String(SCALE.movies), '--threads', '2']);
    out.generate = { wall_seconds: g.wall_seconds, peak_rss_mb: g.peak_rss_mb, bytes: num(g.out, /, (\d+) bytes/) };
    log(`  generated ${out.generate.bytes} bytes`);
    out.snapshot = {};
    out.ials = {};
    out.svd = {};
    for (const t of out.threads) {
      const s = timed(['snapshot', '--from', data, '--out', path.join(dir, 'gen-25m.cinerec'), '--threads', String(t)]);
      out.snapshot[t] = { wall_seconds: s.wall_seconds, peak_rss_mb: s.peak_rss_mb, load_ms: num(s.out, /loaded in (\d+) ms/),
        bytes: num(s.out, /: (\d+) bytes/) };
      for (const [algo, params] of [['ials', []], ['svd', []]]) {
        const m = timed(['train', '--data', data, '--algo', algo, ...params, '--threads', String(t), '--out', path.join(dir, `${algo}.model`)]);
        out[algo][t] = { wall_seconds: m.wall_seconds, peak_rss_mb: m.peak_rss_mb, train_seconds: num(m.out, /trained in ([\d.]+) s/) };
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { data: out, commands };
}

/** The issue-12 rows of the targets table: T(issue, figure, value, target, comparison, pass, short). */
export function scaleTargets(S, T, { sec, n }) {
  if (!S || S.error) {
    T('12', 'scale: 25M generated ratings, 2 threads', S?.error ? `not measured (failed: ${S.error.slice(0, 120)})` : 'not measured (opt-in group: `node bench/run.mjs --only scale`)', 'see bench/README-scale.md', '—', null);
    return;
  }
  const t = S.targets;
  const s = S.snapshot[2], i = S.ials[2], v = S.svd[2];
  const mb = (x) => `${n(x)} MB`;
  T('12', `\`cinerec snapshot\` from CSV, ${n(S.sizes.ratings)} generated ratings / ${n(S.sizes.users)} users / ${n(S.sizes.movies)} movies, 2 threads (wall; peak RSS)`,
    `${sec(s.wall_seconds)}; ${mb(s.peak_rss_mb)}`, `≤ ${t.snapshot_s} s, ≤ ${(t.snapshot_mb / 1024).toFixed(1)} GB`, 'before this work: bench/README-scale.md',
    s.wall_seconds <= t.snapshot_s && s.peak_rss_mb <= t.snapshot_mb, `25M snapshot (${sec(s.wall_seconds)}, ${mb(s.peak_rss_mb)})`);
  T('12', '`cinerec train --algo ials` (64 factors, 15 iterations) from the CSV folder, 2 threads (wall of the command; training alone; peak RSS)',
    `${sec(i.wall_seconds)} (training ${sec(i.train_seconds)}); ${mb(i.peak_rss_mb)}`, `≤ ${t.ials_s} s, ≤ ${t.ials_mb / 1024} GB`, S.ials[1] ? `1 thread: ${sec(S.ials[1].wall_seconds)} (training ${sec(S.ials[1].train_seconds)})` : '—',
    i.wall_seconds <= t.ials_s && i.peak_rss_mb <= t.ials_mb, `25M ials train (${sec(i.wall_seconds)}, ${mb(i.peak_rss_mb)})`);
  T('12', '`cinerec train --algo svd` (100 factors, 20 epochs) from the CSV folder, 2 threads (wall of the command; training alone)',
    `${sec(v.wall_seconds)} (training ${sec(v.train_seconds)}); ${mb(v.peak_rss_mb)}`, `≤ ${t.svd_s} s`, S.svd[1] ? `1 thread: ${sec(S.svd[1].wall_seconds)} (training ${sec(S.svd[1].train_seconds)})` : '—',
    v.wall_seconds <= t.svd_s, `25M svd train (${sec(v.wall_seconds)})`);
}

/** The section of bench/README.md. */
export function scaleSection(S, { sec, n, table, missing }) {
  const L = ['## Scale: 25M generated ratings', ''];
  if (!S || S.error) {
    L.push(S?.error ? missing('scale') : 'Not measured by this run (opt-in: `node bench/run.mjs --only scale`).', '',
      'The figures before and after this work, with their commands, are in [README-scale.md](README-scale.md).', '');
    return L;
  }
  L.push(`\`cinerec generate\` wrote ${n(S.sizes.ratings)} ratings of ${n(S.sizes.users)} users and ${n(S.sizes.movies)} movies in the layout of ml-25m ` +
    `(${n(S.generate.bytes / 2 ** 20)} MiB; ${sec(S.generate.wall_seconds)} on 2 threads, ${n(S.generate.peak_rss_mb)} MB), then each command ran under \`/usr/bin/time -v\` ` +
    '(wall time of the whole command, loading the CSV folder included; peak RSS of the process). The folder was deleted afterwards.', '');
  const rows = [];
  for (const t of S.threads) {
    rows.push([`\`snapshot\``, t, sec(S.snapshot[t].wall_seconds), `loading ${sec(S.snapshot[t].load_ms / 1000)}`, n(S.snapshot[t].peak_rss_mb)]);
    rows.push([`\`train --algo ials\``, t, sec(S.ials[t].wall_seconds), `training ${sec(S.ials[t].train_seconds)}`, n(S.ials[t].peak_rss_mb)]);
    rows.push([`\`train --algo svd\``, t, sec(S.svd[t].wall_seconds), `training ${sec(S.svd[t].train_seconds)}`, n(S.svd[t].peak_rss_mb)]);
  }
  L.push(...table(['command (`--data` the generated folder)', 'threads', 'wall', 'of which', 'peak RSS MB'], rows));
  L.push('', 'Before this work, and how each part was made faster: [README-scale.md](README-scale.md).', '');
  return L;
}
