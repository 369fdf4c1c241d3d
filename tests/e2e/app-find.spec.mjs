// Find: typo-tolerant search with years, browse by genre and decade, sort,
// and the movie detail page.
import { test, expect } from './fixtures.mjs';
import { search, openApp, skipWelcome, shot } from './app-helpers.mjs';

test('search tolerates typos and understands a year', async ({ page }) => {
  await openApp(page);
  const search = page.getByRole('searchbox', { name: 'Search movies' });

  await search.fill('heat 1995');
  await expect(page.getByRole('heading', { name: 'Results for “heat 1995”' })).toBeVisible();
  const first = page.locator('main .card').first();
  await expect(first.locator('.card-title')).toHaveText('Heat');
  await expect(first.locator('.card-meta')).toContainText('1995');

  await search.fill('godfathr');
  await expect(page.getByRole('heading', { name: 'Results for “godfathr”' })).toBeVisible();
  await expect(page.locator('main .card .card-title').first()).toHaveText('The Godfather');

  await search.fill('zzqxv');
  await expect(page.getByText('No movie matches')).toBeVisible();
});

test('browse by genre and decade, sort by average rating', async ({ page }) => {
  await openApp(page, '#/browse');
  await expect(page.getByRole('heading', { name: 'Browse', exact: true })).toBeVisible();
  await page.getByRole('group', { name: 'Genre' }).getByRole('button', { name: 'Crime', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Crime', exact: true })).toBeVisible();
  await page.getByLabel('Decade').selectOption('1990');
  await expect(page.getByRole('heading', { name: 'Crime of the 1990s' })).toBeVisible();
  const years = await page.locator('main .card .card-meta').evaluateAll((els) => els.map((e) => Number(e.textContent.slice(0, 4))));
  expect(years.length).toBeGreaterThan(10);
  for (const y of years) expect(y).toBeGreaterThanOrEqual(1990), expect(y).toBeLessThanOrEqual(1999);
  // Most rated first by default.
  const counts = await page.locator('main .card .count').evaluateAll((els) => els.map((e) => Number(e.textContent.replace(/\D/g, ''))));
  expect([...counts].sort((a, b) => b - a)).toEqual(counts);

  await page.getByLabel('Sort by').selectOption('rating');
  await expect(page.getByText(/with at least 20 ratings/)).toBeVisible();
  const means = await page.locator('main .card .avg').evaluateAll((els) => els.map((e) => Number(e.textContent.replace(/[^\d.]/g, ''))));
  expect(means.length).toBeGreaterThan(3);
  expect([...means].sort((a, b) => b - a)).toEqual(means);
  await shot(page, 'browse-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'browse-390');
});

test('movie detail shows facts, similar movies and rates', async ({ page }) => {
  await openApp(page);
  await skipWelcome(page);
  await search(page, 'toy story');
  await page.locator('main .card').first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Toy Story 1995');
  await expect(page.getByRole('list', { name: 'Genres' })).toContainText('Animation');
  await expect(page.locator('.facts')).toContainText('Average rating');
  await expect(page.locator('.facts')).toContainText(/\d\.\d ★/);
  const similar = page.getByRole('region', { name: 'Similar movies' });
  await expect(similar.locator('.card')).toHaveCount(12);
  await expect(similar.getByRole('group', { name: 'Rate Toy Story', exact: true })).toHaveCount(0);
  await shot(page, 'detail-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'detail-390');
});
