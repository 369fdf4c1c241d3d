// Trying every algorithm in the Model lab, as a person would, in headless
// Chromium (Debian's /usr/bin/chromium) on the production build served by
// `vite preview`:
//   - each algorithm of the lab trained with its default settings (after the
//     "use this model?" question), while the person keeps switching pages
//     (For you, Browse, My ratings, My data, Model lab) every 400 ms;
//   - main-thread long tasks (PerformanceObserver 'longtask', > 50 ms) over
//     the whole run: count and longest, and the longest per algorithm;
//   - what is stored afterwards: the saved models' bytes in IndexedDB (each
//     and in total) and navigator.storage.estimate() for the origin.
// Usage: npx vite build --config web/app/vite.config.js && node bench/app-lab.mjs [--json FILE]
import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { startPreview, observeLongTasks } from './preview.mjs';

const PORT = 4183;
const args = process.argv.slice(2);
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;
const { url: BASE, stop } = await startPreview(PORT);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
await context.addInitScript(observeLongTasks);
const page = await context.newPage();
await page.goto(BASE);
await page.waitForSelector('body[data-ready="model"]', { timeout: 120_000 });
await page.getByRole('link', { name: 'Skip to browsing' }).click();
await page.getByRole('link', { name: 'Model lab' }).click();
const names = await page.getByLabel('Algorithm', { exact: true }).locator('option').evaluateAll((os) => os.map((o) => o.value));

const TABS = ['For you', 'Browse', 'My ratings', 'My data', 'Model lab'];
const byPage = {}; // the longest task within 400 ms of opening each page
const perAlgorithm = [];
const t0 = await page.evaluate(() => performance.now());
for (const name of names) {
  await page.getByRole('link', { name: 'Model lab' }).click();
  await page.getByLabel('Algorithm', { exact: true }).selectOption(name);
  const from = await page.evaluate(() => performance.now());
  const wall = Date.now();
  await page.getByRole('button', { name: `Train ${name} and use it` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Train and use it' }).click();
  // Keep switching pages until the status line names the new model.
  let tab = 0;
  let outcome = null;
  let seen = false; // the status named this training
  while (!outcome) {
    const target = TABS[tab++ % TABS.length];
    const clickAt = await page.evaluate(() => performance.now());
    await page.getByRole('link', { name: target, exact: true }).click();
    await page.waitForTimeout(400);
    const longest = await page.evaluate((f) => Math.max(0, ...window.__longtasks.filter((t) => t.start >= f).map((t) => t.duration)), clickAt);
    byPage[target] = Math.max(byPage[target] ?? 0, longest);
    const status = await page.locator('#status').textContent();
    seen ||= status.startsWith(`Training ${name}`);
    if (status.startsWith(`model: ${name} `)) outcome = 'done';
    else if (seen && status.startsWith('model: ')) outcome = `failed (${status})`;
    if (Date.now() - wall > 300_000) outcome = 'timed out';
  }
  const tasks = await page.evaluate((f) => window.__longtasks.filter((t) => t.start >= f), from);
  perAlgorithm.push({
    algorithm: name,
    outcome,
    seconds: (Date.now() - wall) / 1000,
    pageSwitches: tab,
    longTasks: tasks.length,
    longestTask: Math.max(0, ...tasks.map((t) => t.duration)),
  });
  console.log(`${name}: ${outcome} in ${((Date.now() - wall) / 1000).toFixed(1)} s, ${tab} page switches, long tasks ${tasks.length}, longest ${Math.max(0, ...tasks.map((t) => t.duration)).toFixed(0)} ms`);
}
// The last save runs after training: give it a moment, then read the store
// (after taking the long tasks: reading every model back is the bench's own work).
await page.waitForTimeout(3000);
const all = await page.evaluate((f) => window.__longtasks.filter((t) => t.start >= f), t0);
const stored = await page.evaluate(async () => {
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open('cinerec-app');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const models = await new Promise((resolve) => {
    const r = db.transaction('models').objectStore('models').getAll();
    r.onsuccess = () => resolve(r.result);
  });
  const estimate = await navigator.storage.estimate();
  return {
    models: models.map((m) => ({ algorithm: m.algorithm, kept: m.kept !== false, size: m.size ?? m.bytes?.byteLength ?? 0, rawSize: m.rawSize ?? m.size })),
    usage: estimate.usage,
  };
});
const result = {
  generated: new Date().toISOString(),
  chromium: browser.version(),
  cpu: os.cpus()[0].model,
  cores: os.cpus().length,
  loadavg: os.loadavg(),
  algorithms: perAlgorithm,
  longTasks: { count: all.length, longest: Math.max(0, ...all.map((t) => t.duration)), longestAfterOpening: byPage },
  storage: {
    modelsTotal: stored.models.reduce((s, m) => s + (m.kept ? m.size : 0), 0),
    modelsRawTotal: stored.models.reduce((s, m) => s + (m.rawSize ?? 0), 0),
    models: stored.models,
    originUsage: stored.usage,
  },
};
console.log(`long tasks while training every algorithm and switching pages: ${all.length}, longest ${result.longTasks.longest.toFixed(0)} ms`);
console.log(`longest task within 400 ms of opening: ${Object.entries(byPage).map(([p, ms]) => `${p} ${ms.toFixed(0)} ms`).join(', ')}`);
console.log(`saved models: ${(result.storage.modelsTotal / 1e6).toFixed(1)} MB stored of ${(result.storage.modelsRawTotal / 1e6).toFixed(1)} MB trained; origin usage ${(stored.usage / 1e6).toFixed(1)} MB`);
for (const m of stored.models) console.log(`  ${m.algorithm}: ${m.kept ? `${(m.size / 1e6).toFixed(2)} MB stored` : 'not kept'} (${((m.rawSize ?? 0) / 1e6).toFixed(2)} MB raw)`);
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
await browser.close();
stop();
process.exit(0);
