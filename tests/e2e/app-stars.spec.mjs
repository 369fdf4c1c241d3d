// Predicted stars come from the rating model (bayesian-fm, trained in its own
// worker once the first model is ready), whatever model ranks the list: after
// five 5★ ratings the list is not a wall of clipped "5.0★ predicted".
import { test, expect } from '@playwright/test';
import { openApp, searchAndRate, recommendations, skipWelcome, shot } from './app-helpers.mjs';

test('predicted stars come from the rating model, differ between movies, and agree with the movie page', async ({ page }) => {
  await openApp(page);
  await skipWelcome(page);
  for (const [query, title] of [
    ['toy story', 'Toy Story'],
    ['heat 1995', 'Heat'],
    ['godfathr', 'The Godfather'],
    ['pulp fiction', 'Pulp Fiction'],
    ['matrix', 'The Matrix'],
  ])
    await searchAndRate(page, query, title, 5);

  await page.getByRole('link', { name: 'For you' }).click();
  const region = recommendations(page);
  await expect(region.getByRole('listitem')).toHaveCount(10);
  // The rater trains after the first model: its stars arrive with a refresh.
  await expect(region.locator('ol.rec-list')).toHaveAttribute('data-stars-from', 'bayesian-fm', { timeout: 90_000 });
  const predicted = region.locator('.predicted');
  await expect(predicted).toHaveCount(10);
  const values = (await predicted.allTextContents()).map((t) => Number(/([\d.]+)★ predicted/.exec(t)[1]));
  for (const v of values) {
    expect(v).toBeGreaterThanOrEqual(0.5);
    expect(v).toBeLessThanOrEqual(5);
  }
  expect(new Set(values).size).toBeGreaterThan(1);
  expect(values.filter((v) => v === 5).length).toBeLessThan(values.length);
  await shot(page, 'stars-1280');

  // The movie page says the same number (rounded to a half star).
  const first = region.locator('li.rec').first();
  const title = await first.locator('.rec-title a').textContent();
  await first.locator('.rec-title a').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  const half = Math.round(values[0] * 2) / 2;
  await expect(page.locator('.prediction')).toContainText(`We think you'd rate it ${Number.isInteger(half) ? half : half.toFixed(1)}`);

  // Kept on this device, so the next visit does not train it again.
  await page.getByRole('link', { name: 'My data' }).first().click();
  await expect(page.getByRole('list', { name: 'Saved models' })).toContainText('bayesian-fm (in use: predicted stars)');
});
