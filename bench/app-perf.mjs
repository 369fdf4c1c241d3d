// App timings in headless Chromium (Debian's /usr/bin/chromium), on the
// production build served by `vite preview`:
//   - cold start: navigation → first recommendations on screen (empty browser
//     profile: download, parse, train the default model in the worker)
//   - warm start: the same with the service worker cache and the model saved in IndexedDB
//   - rating → updated recommendations (fold-in), over 12 ratings
//   - main-thread long tasks (PerformanceObserver 'longtask', > 50 ms) while the
//     model trains, at start and during "Retrain with my ratings"
// Usage: npx vite build --config web/app/vite.config.js && node bench/app-perf.mjs [runs] [--json FILE]
// (--json also writes every run and the medians to FILE, for scripts/bench.sh)
import { chromium } from '@playwright/test';
import { startPreview, observeLongTasks } from './preview.mjs';
import os from 'node:os';
import { writeFileSync } from 'node:fs';

const PORT = 4179;
const cliArgs = process.argv.slice(2);
const jsonOut = cliArgs.includes('--json') ? cliArgs[cliArgs.indexOf('--json') + 1] : null;
const runs = Number(cliArgs.find((a, i) => /^\d+$/.test(a) && cliArgs[i - 1] !== '--json') ?? 3);
const { url: URL_, stop } = await startPreview(PORT);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function oneRun(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.addInitScript(observeLongTasks);
  const page = await context.newPage();
  const out = {};

  // Cold start.
  await page.goto(URL_);
  await page.waitForFunction(() => performance.getEntriesByName('cinerec:first-recommendations').length > 0, null, { timeout: 120_000 });
  Object.assign(
    out,
    await page.evaluate(() => {
      const first = performance.getEntriesByName('cinerec:first-recommendations')[0].startTime;
      const tasks = window.__longtasks.filter((t) => t.start < first);
      return { cold: first, coldLongTasks: tasks.length, coldLongestTask: Math.max(0, ...tasks.map((t) => t.duration)) };
    }),
  );

  // Rating → recommendations: rate the first recommendation a dozen times over.
  for (let i = 0; i < 12; i++) {
    const before = await page.evaluate(() => performance.getEntriesByName('cinerec:rating-to-recommendations').length);
    await page.locator('#recommendations li.rec').first().locator('label[title="4 stars"]').click();
    await page.waitForFunction((n) => performance.getEntriesByName('cinerec:rating-to-recommendations').length > n, before);
  }
  out.ratingToRecs = await page.evaluate(() => performance.getEntriesByName('cinerec:rating-to-recommendations').map((e) => e.duration));

  // Long tasks while retraining.
  await page.evaluate(() => (window.__longtasks.length = 0));
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Retrain with my ratings' }).click();
  // Done when the app says so, or says it failed (recorded, not fatal).
  const done = page.getByText(/Retrained \S+ (with your \d+ ratings )?in/);
  const failed = page.getByText(/Training failed/);
  await done.or(failed).first().waitFor({ timeout: 120_000 });
  out.retrainWall = Date.now() - t0;
  if (await failed.count()) out.retrainError = (await failed.first().innerText()).trim().slice(0, 200);
  Object.assign(
    out,
    await page.evaluate(() => ({ retrainLongTasks: window.__longtasks.length, retrainLongestTask: Math.max(0, ...window.__longtasks.map((t) => t.duration)) })),
  );

  // Warm start: same context (service worker + IndexedDB model).
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('cinerec:first-recommendations').length > 0, null, { timeout: 120_000 });
  out.warm = await page.evaluate(() => performance.getEntriesByName('cinerec:first-recommendations')[0].startTime);
  out.warmController = await page.evaluate(() => Boolean(navigator.serviceWorker.controller));
  await context.close();
  return out;
}

try {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const version = browser.version();
  const results = [];
  for (let i = 0; i < runs; i++) {
    results.push(await oneRun(browser));
    console.error(`run ${i + 1}/${runs}:`, JSON.stringify(results.at(-1)));
  }
  await browser.close();
  const all = results.flatMap((r) => r.ratingToRecs);
  const f = (x) => `${Math.round(x)} ms`;
  console.log(`# App timings (headless Chromium ${version}, ${os.cpus()[0].model}, ${os.cpus().length} cores; ${runs} runs, median)`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| cold start → first recommendations (download, parse, train svd) | ${f(median(results.map((r) => r.cold)))} |`);
  console.log(`| warm start → first recommendations (cached app + saved model) | ${f(median(results.map((r) => r.warm)))} |`);
  console.log(`| rating → updated recommendations (median / max of ${all.length}) | ${f(median(all))} / ${f(Math.max(...all))} |`);
  console.log(`| main-thread long tasks during cold start (count, longest) | ${median(results.map((r) => r.coldLongTasks))}, ${f(median(results.map((r) => r.coldLongestTask)))} |`);
  console.log(`| main-thread long tasks during a retrain (count, longest) | ${median(results.map((r) => r.retrainLongTasks))}, ${f(median(results.map((r) => r.retrainLongestTask)))} |`);
  console.log(`| retrain wall time (click → done) | ${f(median(results.map((r) => r.retrainWall)))} |`);
  if (jsonOut) {
    const med = (key) => median(results.map((r) => r[key]));
    writeFileSync(jsonOut, JSON.stringify({
      chromium: version, runs, results,
      median: {
        cold_ms: med('cold'), warm_ms: med('warm'), rating_to_recs_ms: median(all), rating_to_recs_max_ms: Math.max(...all),
        cold_long_tasks: med('coldLongTasks'), cold_longest_task_ms: med('coldLongestTask'),
        retrain_error: results.find((r) => r.retrainError)?.retrainError ?? null,
        retrain_long_tasks: med('retrainLongTasks'), retrain_longest_task_ms: med('retrainLongestTask'), retrain_wall_ms: med('retrainWall'),
      },
    }, null, 1));
  }
} finally {
  stop();
}
