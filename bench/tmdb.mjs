// The TMDb route (docs/data.md "Cast, crew and plot from TMDb"), measured:
//   1. snapshot bytes with and without enrichment on the fixture set
//      (tests/fixtures/tmdb: 33 movies, 30 saved responses, the CSV layout);
//   2. the route's throughput: `cinerec snapshot --tmdb` over one response per
//      movie of ml-latest-small (9,742 movies), responses SYNTHESISED from the
//      fixtures' shape (no TMDb data is reachable here), padded to a cast of
//      CAST and a crew of CREW entries as real /movie responses with credits
//      have; median of RUNS runs.
// It measures no accuracy: that needs real TMDb data (bench/README-tmdb.md
// gives the command).
//   node bench/tmdb.mjs [--runs 5] [--cast 40] [--crew 80] [--data ../shared/data/ml-latest-small]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const RUNS = Number(arg('runs', 5));
const CAST = Number(arg('cast', 40));
const CREW = Number(arg('crew', 80));
const DATA = path.resolve(repo, arg('data', '../shared/data/ml-latest-small'));
const bin = process.env.CINEREC_BIN || path.join(repo, 'build/native/cinerec');
const fx = path.join(repo, 'tests/fixtures/tmdb');
const tmp = mkdtempSync(path.join(tmpdir(), 'cinerec-tmdb-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => n.toLocaleString('en');

// One `cinerec snapshot`: its output, wall and CPU seconds (GNU time: the
// machine is shared, so CPU time is the steadier figure), and the bytes.
function snapshot(args) {
  const out = path.join(tmp, 'x.cinerec');
  const cpuFile = path.join(tmp, 'cpu');
  const t0 = process.hrtime.bigint();
  const stdout = execFileSync('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, bin, 'snapshot', ...args, '--out', out],
    { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
  const bytes = readFileSync(out);
  return { stdout, wall, cpu: user + sys, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

console.log(`# TMDb route: ${new Date().toISOString().slice(0, 10)}, ${cpus()[0].model}, ${cpus().length} cores, node ${process.version}`);
console.log(`# ${bin}\n`);
console.log('## Snapshot bytes, fixture set (tests/fixtures/tmdb: 33 movies, 341 ratings by 30 users)\n');
console.log('| snapshot | bytes | gzip -9 | TMDB section |');
console.log('|---|---:|---:|---:|');
const ml = path.join(fx, 'movielens');
for (const [label, args] of [
  ['MovieLens only', ['--from', ml]],
  ['+ TMDb responses (30 movies)', ['--from', ml, '--tmdb', path.join(fx, 'responses')]],
  ['+ TMDb responses, --no-overview', ['--from', ml, '--tmdb', path.join(fx, 'responses'), '--no-overview']],
  ['+ TMDb responses, --tmdb-cast 3', ['--from', ml, '--tmdb', path.join(fx, 'responses'), '--tmdb-cast', '3']],
  ['+ The Movies Dataset CSV (31 movies)', ['--from', ml, '--tmdb', path.join(fx, 'movies-dataset')]],
]) {
  const r = snapshot(args);
  const info = execFileSync(bin, ['snapshot', '--info', path.join(tmp, 'x.cinerec')], { encoding: 'utf8' });
  const section = /TMDB:(\d+)/.exec(info)?.[1];
  console.log(`| ${label} | ${fmt(r.bytes)} | ${fmt(r.gzip)} | ${section ? fmt(Number(section)) : '—'} |`);
}

if (!existsSync(path.join(DATA, 'links.csv'))) {
  console.log(`\n(no ${DATA}/links.csv: throughput skipped)`);
  process.exit(0);
}

// Synthetic responses: every fixture response in turn, given the movie's id,
// its cast and crew padded with made-up people to CAST and CREW entries.
const templates = readdirSync(path.join(fx, 'responses')).sort().map((f) => JSON.parse(readFileSync(path.join(fx, 'responses', f), 'utf8')));
const ids = [...new Set(readFileSync(path.join(DATA, 'links.csv'), 'utf8').split(/\r?\n/).slice(1)
  .map((l) => l.split(',')[2]).filter((s) => /^\d+$/.test(s ?? '')).map(Number))];
const folder = path.join(tmp, 'responses');
mkdirSync(folder);
let total = 0;
ids.forEach((id, k) => {
  const r = structuredClone(templates[k % templates.length]);
  r.id = id;
  const cast = r.credits.cast;
  for (let j = cast.length; j < CAST; j++)
    cast.push({ ...cast[j % cast.length], id: 100000 + j, name: `Actor ${id}-${j}`, original_name: `Actor ${id}-${j}`, order: j, character: `Role ${j}` });
  const crew = r.credits.crew;
  for (let j = crew.length; j < CREW; j++)
    crew.push({ ...crew[0], id: 200000 + j, name: `Crew ${id}-${j}`, original_name: `Crew ${id}-${j}`, department: 'Sound', job: 'Boom Operator' });
  const text = JSON.stringify(r);
  total += text.length;
  writeFileSync(path.join(folder, `${id}.json`), text);
});
console.log(`\n## Throughput: ${fmt(ids.length)} synthetic responses for ${path.basename(DATA)} (cast ${CAST}, crew ${CREW}; ${(total / ids.length / 1024).toFixed(1)} KB each, ${(total / 1e6).toFixed(1)} MB), median of ${RUNS}\n`);
const plain = [];
const rich = [];
let report = '';
let sizes;
for (let i = 0; i < RUNS; i++) {
  plain.push(snapshot(['--from', DATA]));
  const r = snapshot(['--from', DATA, '--tmdb', folder]);
  rich.push(r);
  report = r.stdout.split('\n')[0];
  sizes = r;
}
const parse = rich.map((r) => Number(/parsed in ([\d.]+) s/.exec(r.stdout)[1]));
const p = median(parse);
const rate = (s) => `${((s / ids.length) * 1e6).toFixed(0)} µs (${fmt(Math.round(ids.length / s))}/s, ${(total / 1e6 / s).toFixed(0)} MB/s)`;
const extra = median(rich.map((r) => r.cpu)) - median(plain.map((r) => r.cpu));
console.log('| step | median | per response |');
console.log('|---|---:|---:|');
console.log(`| read + parse + join the responses, wall (the report's "parsed in") | ${p.toFixed(2)} s | ${rate(p)} |`);
console.log(`| the same, CPU (with --tmdb minus without) | ${extra.toFixed(2)} s | ${rate(extra)} |`);
console.log(`| whole \`cinerec snapshot\` without --tmdb, wall / CPU | ${median(plain.map((r) => r.wall)).toFixed(2)} s / ${median(plain.map((r) => r.cpu)).toFixed(2)} s | |`);
console.log(`| whole \`cinerec snapshot\` with --tmdb, wall / CPU | ${median(rich.map((r) => r.wall)).toFixed(2)} s / ${median(rich.map((r) => r.cpu)).toFixed(2)} s | |`);
console.log(`\nLast report: \`${report}\``);
console.log(`Snapshot with the synthetic details: ${fmt(sizes.bytes)} bytes (names are made up and unique per movie, so this is no estimate of real sizes).`);
rmSync(tmp, { recursive: true, force: true });
