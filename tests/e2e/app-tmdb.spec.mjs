// A snapshot enriched from TMDb (cinerec snapshot --tmdb, built by
// global-setup from tests/fixtures/tmdb): the movie page shows overview,
// director and cast as text, search finds people; the default snapshot (no
// TMDb sections) shows none of it.
import { test, expect } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { TMDB_SNAPSHOT } from './global-setup.mjs';
import { waitForModel, search, shot } from './app-helpers.mjs';

// Route interception must see every request: keep the service worker out.
test.use({ serviceWorkers: 'block' });

test('the movie page shows TMDb overview, director and cast; search finds people', async ({ page }) => {
  expect(existsSync(TMDB_SNAPSHOT), `${TMDB_SNAPSHOT} (built by global-setup with build/native/cinerec)`).toBe(true);
  const bytes = readFileSync(TMDB_SNAPSHOT);
  await page.route('**/data/default.cinerec', (route) => route.fulfill({ status: 200, body: bytes, contentType: 'application/octet-stream' }));
  await page.goto('./#/movie/6');
  await waitForModel(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Heat');
  await expect(page.locator('.overview')).toHaveText(/^A driven Los Angeles detective and a disciplined crew leader/);
  await expect(page.locator('.facts .directors dt')).toHaveText('Director');
  await expect(page.locator('.facts .directors dd')).toHaveText('Michael Mann');
  await expect(page.locator('.cast p')).toHaveText('Al Pacino, Robert De Niro, Val Kilmer, Jon Voight, Tom Sizemore, Amy Brenneman');
  await expect(page.locator('.facts')).toContainText('170 min');
  await shot(page, 'tmdb-movie-1280');

  // Two directors; markup in an overview stays text.
  await page.goto('./#/movie/1732');
  await expect(page.locator('.facts .directors dt')).toHaveText('Directors');
  await expect(page.locator('.facts .directors dd')).toHaveText('Joel Coen, Ethan Coen');
  await page.goto('./#/movie/47044');
  await expect(page.locator('.overview')).toContainText('go <b>undercover</b> inside a smuggling network.<img src=x');
  expect(await page.locator('main .overview b, main .overview img').count()).toBe(0);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();

  // A movie without TMDb data: none of it.
  await page.goto('./#/movie/3702');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mad Max');
  await expect(page.locator('.overview, .cast, .facts .directors')).toHaveCount(0);

  await search(page, 'mann heat');
  await expect(page.locator('main .card .card-title').first()).toHaveText('Heat');
  await search(page, 'de niro');
  const titles = await page.locator('main .card .card-title').allTextContents();
  for (const t of ['Casino', 'Taxi Driver', 'Goodfellas', 'Heat']) expect(titles).toContain(t);
});

test('the default snapshot has no TMDb sections: no overview, director or cast', async ({ page }) => {
  await page.goto('./#/movie/6');
  await waitForModel(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Heat');
  await expect(page.locator('.facts')).toContainText('Average rating');
  await expect(page.locator('.overview, .cast, .facts .directors')).toHaveCount(0);
});
