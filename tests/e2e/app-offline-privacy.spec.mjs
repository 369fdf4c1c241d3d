// Offline after the first visit (service worker), and privacy: the app never
// requests anything from another origin, across every view.
import { test, expect } from './fixtures.mjs';
import { search, openApp, waitForModel, rate, recommendations, recordRequests, foreignRequests, skipWelcome, searchAndRate } from './app-helpers.mjs';

test('works with the network off after the first visit', async ({ page, context }) => {
  await openApp(page);
  // Wait until the service worker controls the page and has cached the app.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  await rate(page.locator('.welcome'), await page.locator('.welcome .card-title').first().textContent(), 4);

  await context.setOffline(true);
  await page.reload();
  await waitForModel(page);
  await expect(page.locator('#status')).toContainText('9,066 movies');
  await expect(page.locator('#status')).toContainText('1 rating of yours');
  await expect(recommendations(page).getByRole('listitem')).toHaveCount(10);
  await search(page, 'alien');
  await expect(page.locator('main .card .card-title').first()).toHaveText('Alien');
  await context.setOffline(false);
});

test('requests nothing from any origin but its own', async ({ page, context, baseURL }) => {
  const urls = recordRequests(context);
  await openApp(page);
  await rate(page.locator('.welcome'), await page.locator('.welcome .card-title').first().textContent(), 5);
  await skipWelcome(page);
  await searchAndRate(page, 'toy story', 'Toy Story', 4.5);
  await page.locator('main .card').first().getByRole('link').click();
  await expect(page.getByRole('region', { name: 'Similar movies' }).locator('.card')).not.toHaveCount(0);
  for (const tab of ['For you', 'Browse', 'My ratings', 'Model lab', 'My data']) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: tab }).click();
    await page.waitForTimeout(300);
  }
  await page.reload();
  await waitForModel(page);
  const origin = new URL(baseURL).origin;
  // The recorder sees the big fetches (so an empty list cannot pass by accident).
  expect(urls.some((u) => u.endsWith('/data/default.cinerec'))).toBe(true);
  expect(urls.some((u) => u.endsWith('.wasm'))).toBe(true);
  expect(foreignRequests(urls, origin)).toEqual([]);
});
