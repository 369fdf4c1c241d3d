// Shared helpers for the app specs (tests/e2e/app-*.spec.mjs).
import { expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = join(repo, 'test-results/screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

export const MOVIES = '9,066';
export const RATINGS = '100,004';

/** Open the app and wait until the catalogue is loaded and a model is ready. */
export async function openApp(page, hash = '') {
  await page.goto(`./${hash}`);
  await waitForModel(page);
}

export async function waitForModel(page) {
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'model', { timeout: 90_000 });
}

/** Leave the first-visit welcome (so home shows just the recommendations). */
export async function skipWelcome(page) {
  await page.getByRole('link', { name: 'Skip to browsing' }).click();
}

const starName = (v) => (v === 1 ? '1 star' : `${v} stars`);

/** The rating control of a movie (the first one on the page with that name). */
export function ratingGroup(scope, title) {
  return scope.getByRole('group', { name: `Rate ${title}`, exact: true }).first();
}

/** Rate through the visible half-star (a person clicks the star). */
export async function rate(scope, title, stars) {
  const group = ratingGroup(scope, title);
  await group.locator(`label[title="${starName(stars)}"]`).click();
  await expect(group.getByRole('radio', { name: starName(stars), exact: true })).toBeChecked();
}

/** Search from the header and wait for the results page. */
export async function search(page, query) {
  await page.getByRole('searchbox', { name: 'Search movies' }).fill(query);
  await expect(page.getByRole('heading', { name: `Results for “${query}”` })).toBeVisible();
}

/** Search from the header and rate the first result with this exact title. */
export async function searchAndRate(page, query, title, stars) {
  await search(page, query);
  await rate(page.locator('main'), title, stars);
}

export function recommendations(page) {
  return page.getByRole('region', { name: 'Recommendations' });
}

/** The titles in the recommendation list, in order. */
export async function recTitles(page) {
  return recommendations(page).locator('.rec-title a').allTextContents();
}

export async function recIds(page) {
  return recommendations(page)
    .locator('li.rec')
    .evaluateAll((els) => els.map((e) => Number(e.dataset.movieId)));
}

/** Wait until the recommendations have been recomputed after `fn`. */
export async function afterRecsUpdate(page, fn) {
  const region = recommendations(page);
  await expect(region).not.toHaveAttribute('aria-busy', 'true');
  const before = Number((await region.getAttribute('data-updated')) ?? 0);
  await fn();
  await expect
    .poll(async () => Number((await region.getAttribute('data-updated')) ?? 0), { timeout: 30_000 })
    .toBeGreaterThan(before);
  await expect(region).not.toHaveAttribute('aria-busy', 'true');
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Record every request the context makes (pages, workers, service worker). */
export function recordRequests(context) {
  const urls = [];
  context.on('request', (req) => urls.push(req.url()));
  return urls;
}

export function foreignRequests(urls, origin) {
  return urls.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    try {
      return new URL(u).origin !== origin;
    } catch {
      return true;
    }
  });
}

/** Until the welcome's next asks are computed (they adapt after each answer). */
export async function asksSettled(page) {
  await expect(page.locator('.welcome .starters')).not.toHaveAttribute('data-asking', /.*/);
}

/**
 * Rates the starter at position k (answered cards keep their places; the
 * unanswered ones after them may be replaced after each answer, so the title
 * is read when the asks have settled). Returns the title.
 */
export async function rateStarter(page, k, stars) {
  await asksSettled(page);
  const title = await page.locator('.welcome .card-title').nth(k).textContent();
  const answered = Number(await page.locator('.welcome .starters').getAttribute('data-answered'));
  await rate(page.locator('.welcome'), title, stars);
  await expect(page.locator('.welcome .starters')).toHaveAttribute('data-answered', String(answered + 1));
  await asksSettled(page);
  return title;
}
