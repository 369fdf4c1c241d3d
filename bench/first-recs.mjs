// Cold and warm page → first recommendations, the app's own
// performance.mark('cinerec:first-recommendations'), for one or more builds
// of the app measured in one run (e.g. before/after a change), runs
// interleaved so that machine load falls on all alike. Each run is a fresh
// browser context (an empty profile: no HTTP cache, service worker or
// IndexedDB): cold = the first navigation, warm = a reload in that context
// (service worker cache, and a saved model if the app keeps one).
//
//   node bench/first-recs.mjs [--runs 5] [--json FILE] [--snapshot FILE] LABEL=REPO [LABEL=REPO ...]
//
// --snapshot FILE: open the app on another catalogue (copied into each
// REPO/dist/app/data/ and asked for with ?snapshot=data/NAME), e.g. the
// 25M-rating catalogue of bench/catalogue-scale.sh.
//
// REPO is a checkout whose app is built (REPO/dist/app, by
// `npx vite build --config web/app/vite.config.js` there); each is served by
// its own `vite preview`. Default: this checkout as "this".
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import os from 'node:os';
import { copyFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, json: { type: 'string' }, snapshot: { type: 'string' } },
  allowPositionals: true,
});
const runs = Number(values.runs);
const trees = (positionals.length ? positionals : [`this=${fileURLToPath(new URL('..', import.meta.url))}`]).map((p, k) => {
  const [label, repo] = p.split('=');
  return { label, repo, port: 4190 + k };
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function preview({ repo, port }) {
  const url = `http://127.0.0.1:${port}/`;
  const server = spawn(process.execPath, [fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url)), 'preview', '--config', 'web/app/vite.config.js', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: repo,
    stdio: process.env.BENCH_DEBUG ? 'inherit' : 'ignore',
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid);
    } catch {}
  };
  process.on('exit', stop);
  let exited = null;
  server.on('exit', (code) => (exited = code));
  for (let i = 0; i < 300 && exited === null; i++) {
    // node:http: fetch() from this script did not reach the port here (cause not found)
    const status = await new Promise((resolve) => get(url, (res) => (res.resume(), resolve(res.statusCode))).on('error', () => resolve(0)));
    if (status === 200) return { url, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`vite preview did not start in ${repo}${exited !== null ? ` (it exited with ${exited})` : ''}`);
}

const firstRecs = (page) =>
  page
    .waitForFunction(() => performance.getEntriesByName('cinerec:first-recommendations').length > 0, null, { timeout: 120_000 })
    .then(() => page.evaluate(() => performance.getEntriesByName('cinerec:first-recommendations')[0].startTime));

async function oneRun(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(url);
  const cold = await firstRecs(page);
  // Where the cold time went: when the page's own script, the wasm, the snapshot and the worker arrived.
  const phases = await page.evaluate(() => {
    const end = (re) => Math.round(performance.getEntriesByType('resource').filter((e) => re.test(e.name)).reduce((t, e) => Math.min(t, e.responseEnd), Infinity));
    const nav = performance.getEntriesByType('navigation')[0];
    const mark = (name) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? NaN);
    return {
      domContentLoaded: Math.round(nav.domContentLoadedEventEnd), wasm: end(/\.wasm$/), snapshot: end(/\.cinerec$/), worker: end(/worker-[^/]*\.js$/),
      start: mark('cinerec:start'), catalogue: mark('cinerec:catalogue'), modelReady: mark('cinerec:model-ready'),
    };
  });
  const trained = await page.evaluate(() => document.getElementById('status')?.textContent ?? '');
  // Let the service worker take control before the warm load.
  await page.waitForFunction(() => navigator.serviceWorker?.controller || !('serviceWorker' in navigator), null, { timeout: 20_000 }).catch(() => {});
  await page.reload();
  const warm = await firstRecs(page);
  await context.close();
  return { cold, warm, phases, status: trained };
}

const query = values.snapshot ? `?snapshot=data/${basename(values.snapshot)}` : '';
if (values.snapshot) for (const t of trees) copyFileSync(values.snapshot, join(t.repo, 'dist/app/data', basename(values.snapshot)));

const servers = [];
try {
  for (const t of trees) servers.push({ ...t, ...(await preview(t)) });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const results = Object.fromEntries(trees.map((t) => [t.label, []]));
  for (let i = 0; i < runs; i++) {
    for (const s of servers) {
      const r = await oneRun(browser, s.url + query);
      results[s.label].push(r);
      console.error(`${s.label} run ${i + 1}/${runs}: cold ${Math.round(r.cold)} ms, warm ${Math.round(r.warm)} ms, loaded by (ms): ${JSON.stringify(r.phases)}`);
    }
  }
  const version = browser.version();
  await browser.close();
  console.log(`# Page → first recommendations${values.snapshot ? ` on ${basename(values.snapshot)}` : ''} (headless Chromium ${version}, ${os.cpus()[0].model}, ${os.cpus().length} cores; ${runs} fresh profiles each, median [min–max])`);
  console.log('| build | cold | warm | cold: DOMContentLoaded / wasm / snapshot / worker script received | cold: app start / catalogue in the page / model ready |');
  console.log('|---|---|---|---|---|');
  const f = (xs) => `${Math.round(median(xs))} ms [${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}]`;
  for (const t of trees) {
    const r = results[t.label];
    const m = (k) => Math.round(median(r.map((x) => x.phases[k])));
    console.log(`| ${t.label} | ${f(r.map((x) => x.cold))} | ${f(r.map((x) => x.warm))} | ${m('domContentLoaded')} / ${m('wasm')} / ${m('snapshot')} / ${m('worker')} ms | ${m('start')} / ${m('catalogue')} / ${m('modelReady')} ms |`);
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ chromium: version, runs, trees, results }, null, 1));
} finally {
  for (const s of servers) s.stop();
}
