// The library embedded by other sites, in Chromium:
//  1. the packed package (npm pack → install) served from one origin with
//     CORS, used by a page on another origin (cross-origin wasm, snapshot,
//     worker script) — both the API and <cinerec-recommendations>;
//  2. examples/embed, which depends on the package like an outside site
//     ("cinerec": "file:../.."), built with its own Vite config and driven
//     like a person would.
// Each test starts its own static servers (the config's webServer is the app).
import { test, expect } from './fixtures.mjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../js/lib-helpers.mjs';
import { packAndInstall } from '../js/lib-pack.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = join(repo, 'test-results/screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

test.describe.configure({ mode: 'serial' });

test('the packed package works from a page on another origin (CORS assets, cross-origin worker)', async ({ page }) => {
  test.setTimeout(240_000);
  const { pkg, tarball } = packAndInstall();
  const assets = await serve(join(pkg, 'dist/lib'), { cors: true });
  const site = mkdtempSync(join(tmpdir(), 'cinerec-site-'));
  writeFileSync(join(site, 'index.html'), `<!doctype html><meta charset="utf-8"><title>site</title>
<p id="out">loading</p>
<cinerec-recommendations n="5" storage-key="site-ratings"></cinerec-recommendations>
<script type="module">
  import { createRecommender, CinerecError } from '${assets.url}/index.js';
  import '${assets.url}/element.js';
  const out = document.querySelector('#out');
  try {
    const rec = await createRecommender({ algorithm: 'svd', params: { n_factors: 20, n_epochs: 10 } });
    const heat = rec.movies.search('heat 1995')[0];
    const top = await rec.recommend({ ratings: [{ movieId: heat.movieId, rating: 5 }], n: 5 });
    let code = '';
    try { await rec.similar(123456789); } catch (e) { code = e instanceof CinerecError ? e.code : String(e); }
    // Cancel a long training: rejected at once, the worker replaced, the old model kept.
    const ac = new AbortController();
    let t0 = 0;
    const training = rec.train({ params: { n_epochs: 10000 }, signal: ac.signal,
      onProgress: (p) => { if (p.epoch === 2 && !t0) { t0 = performance.now(); ac.abort(); } } });
    const abort = await training.then(() => 'not aborted', (e) => e.code);
    const abortMs = performance.now() - t0;
    const again = await rec.recommend({ ratings: [{ movieId: heat.movieId, rating: 5 }], n: 5 });
    const codeOf = (p) => p.then(() => 'ok', (e) => e.code);
    const missing = await codeOf(createRecommender({ snapshotUrl: '${assets.url}/missing.cinerec' }));
    const badWasm = await codeOf(createRecommender({ wasmUrl: '${assets.url}/index.js' }));
    out.textContent = JSON.stringify({ heat: heat.title + ' ' + heat.year, top: top.map((m) => m.title), code,
      reasons: top.map((m) => m.reason), abort, abortMs, same: JSON.stringify(again.map((m) => m.title)) === JSON.stringify(top.map((m) => m.title)),
      missing, badWasm });
    out.dataset.done = '1';
    rec.dispose();
  } catch (e) {
    out.textContent = 'error ' + e.code + ' ' + e.message;
  }
</script>`);
  const site_ = await serve(site);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    // The element finds its ratings under the key the host set.
    await page.goto(`${site_.url}/`);
    const toyId = 1;
    await page.evaluate((id) => localStorage.setItem('site-ratings', JSON.stringify([{ movieId: id, rating: 5 }])), toyId);
    await page.reload();
    const out = page.locator('#out');
    await expect(out).toHaveAttribute('data-done', '1', { timeout: 120_000 });
    const result = JSON.parse(await out.textContent());
    expect(result.heat).toBe('Heat 1995');
    expect(result.top).toHaveLength(5);
    expect(result.top).not.toContain('Heat');
    expect(result.code).toBe('UNKNOWN_MOVIE');
    expect(result.reasons.every((r) => r.length > 0)).toBe(true);
    expect(result.abort).toBe('ABORTED');
    expect(result.abortMs).toBeLessThan(100);
    expect(result.same).toBe(true);
    expect(result.missing).toBe('SNAPSHOT_NOT_FOUND');
    expect(result.badWasm).toBe('WASM_LOAD_FAILED');
    console.log(`abort in Chromium: rejected after ${result.abortMs.toFixed(1)} ms`);

    const widget = page.locator('cinerec-recommendations');
    const items = widget.locator('[part=item]');
    await expect(items).toHaveCount(5, { timeout: 120_000 });
    await expect(widget.locator('[part~=rated-item]')).toHaveCount(1);
    await expect(widget.locator(`[part=item][data-movie-id="${toyId}"]`)).toHaveCount(0);

    const siteOrigin = new URL(site_.url).origin;
    const assetOrigin = new URL(assets.url).origin;
    expect(siteOrigin).not.toBe(assetOrigin);
    expect(requests.some((u) => u.startsWith(`${assetOrigin}/`) && u.endsWith('/cinerec.wasm'))).toBe(true);
    expect(requests.some((u) => u.startsWith(`${assetOrigin}/`) && u.endsWith('/default.cinerec'))).toBe(true);
    expect(requests.some((u) => u.startsWith(`${assetOrigin}/`) && u.endsWith('/worker.js'))).toBe(true);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'embed-cross-origin.png'), fullPage: true });
  } finally {
    await assets.close();
    await site_.close();
    rmSync(site, { recursive: true, force: true });
    rmSync(dirname(tarball), { recursive: true, force: true });
  }
});

test('examples/embed: built with its own Vite config, used like a visitor would', async ({ page }) => {
  test.setTimeout(300_000);
  const example = join(repo, 'examples/embed');
  execFileSync('npm', ['run', '--silent', 'build:lib'], { cwd: repo, stdio: 'pipe' });
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: example, stdio: 'pipe' });
  execFileSync(join(example, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: example, stdio: 'pipe' });
  const server = await serve(join(example, 'dist'));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const foreign = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  try {
    await page.goto(`${server.url}/`);
    // The API part of the page.
    await expect(page.locator('#api li')).toHaveCount(5, { timeout: 120_000 });
    await expect(page.locator('#api-status')).toContainText('If you like Heat');

    // The widget: find a movie with a typo, rate it, get recommendations without it.
    const widget = page.locator('cinerec-recommendations');
    // Ready when the status counts the movies ("Loading movies…" is not ready).
    await expect(widget.locator('[part=status]')).toHaveText(/^[\d,]+ movies$/, { timeout: 120_000 });
    const search = widget.locator('[part=search]');
    const rated = [];
    for (const [query, title] of [['toy story', 'Toy Story (1995)'], ['godfathr', 'The Godfather (1972)'], ['matrix', 'The Matrix (1999)']]) {
      await search.fill(query);
      const hit = widget.locator('[part=result]').first();
      await expect(hit).toHaveText(title);
      await hit.click();
      rated.push(title);
    }
    await expect(widget.locator('[part~=rated-item]')).toHaveCount(3);
    const slider = widget.locator('[part~=rated-item]').first().locator('[part=rating]');
    await slider.fill('4.5');
    await expect(widget.locator('[part~=rated-item]').first()).toContainText('4.5★');
    const items = widget.locator('[part=item]');
    await expect(items).toHaveCount(8);
    // The list follows the ratings (re-ranked after each one, rated movies left out).
    const ratedTitles = rated.map((t) => t.replace(/ \(\d{4}\)$/, ''));
    await expect
      .poll(async () => (await items.locator('[part=title]').allTextContents()).filter((t) => ratedTitles.includes(t)))
      .toEqual([]);
    await expect(items).toHaveCount(8);
    await expect(items.first().locator('[part=reason]')).not.toBeEmpty();
    // Stored under the host's key.
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('movie-picks-ratings')));
    expect(stored).toHaveLength(3);
    expect(stored[0].rating).toBe(4.5);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'embed-example.png'), fullPage: true });
  } finally {
    await server.close();
  }
});
