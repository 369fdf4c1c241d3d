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
  // Weighed on evidence: the sequel first, and no film that under 20 people rated.
  await expect(similar.locator('.card-title').first()).toHaveText('Toy Story 2');
  const counts = await similar.locator('.count').evaluateAll((els) => els.map((e) => Number(e.textContent.replace(/\D/g, ''))));
  for (const c of counts) expect(c).toBeGreaterThanOrEqual(20);
  await shot(page, 'detail-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'detail-390');
});

test('similar movies of Heat and of an obscure film are films people know', async ({ page }) => {
  await openApp(page, '#/movie/6');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Heat 1995');
  const similar = page.getByRole('region', { name: 'Similar movies' });
  await expect(similar.locator('.card')).toHaveCount(12);
  for (const c of await similar.locator('.count').allTextContents()) expect(Number(c.replace(/\D/g, ''))).toBeGreaterThanOrEqual(20);
  await expect(similar).not.toContainText('Schizopolis');
  await shot(page, 'detail-heat-1280');
  // Schizopolis: two ratings, so no evidence; films of its genres and era, well known.
  await search(page, 'schizopolis');
  await expect(page.locator('main .card .count').first()).toHaveText(' · 2 ratings');
  await page.locator('main .card').first().getByRole('link').click();
  await expect(similar.locator('.card')).toHaveCount(12);
  for (const c of await similar.locator('.count').allTextContents()) expect(Number(c.replace(/\D/g, ''))).toBeGreaterThanOrEqual(20);
  // Counts in words: one rating, not "1 ratings".
  await search(page, 'last summer in the hamptons');
  await expect(page.locator('main .card .count').first()).toHaveText(' · 1 rating');
});

test('with no ratings yet, the picks are popular and well liked, and say so', async ({ page }) => {
  await openApp(page);
  await skipWelcome(page);
  await page.getByRole('link', { name: 'For you' }).click();
  const region = page.getByRole('region', { name: 'Recommendations' });
  await expect(region.getByRole('listitem')).toHaveCount(10);
  await expect(region.locator('.rec-title a').first()).toHaveText('The Shawshank Redemption');
  await expect(region.locator('.reason').first()).toHaveText(/^popular and well liked: 4\.\d★ from \d{3} ratings$/);
  await expect(region.locator('.predicted')).toHaveCount(0);
  // Each reason gives the count: the median of the ten is well over a hundred.
  const counts = (await region.locator('.reason').allTextContents()).map((t) => Number(/from ([\d,]+) ratings/.exec(t)[1].replace(/,/g, '')));
  counts.sort((a, b) => a - b);
  expect((counts[4] + counts[5]) / 2).toBeGreaterThanOrEqual(100);
  await shot(page, 'popular-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'popular-390');
});
