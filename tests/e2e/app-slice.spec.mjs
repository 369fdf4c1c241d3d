// Issue 2's first vertical slice: open the app, find "Toy Story", rate five
// movies, see ten recommendations that exclude them.
import { test, expect } from './fixtures.mjs';
import { openApp, searchAndRate, recommendations, recIds, afterRecsUpdate, shot, MOVIES, RATINGS, skipWelcome } from './app-helpers.mjs';

test('find Toy Story, rate five movies, get ten recommendations without them', async ({ page }) => {
  await openApp(page);
  await expect(page.locator('#status')).toContainText(`model: ltr · ${MOVIES} movies, ${RATINGS} ratings`);
  await expect(page.locator('.welcome').getByText('Everything you rate stays on this device')).toBeVisible();
  await expect(page.locator('.welcome .card')).toHaveCount(12);
  await expect(recommendations(page).getByRole('listitem')).toHaveCount(10);
  await shot(page, 'welcome-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'welcome-390');
  await page.setViewportSize({ width: 1280, height: 860 });
  await skipWelcome(page);

  const rated = [
    ['toy story', 'Toy Story', 5],
    ['heat 1995', 'Heat', 4.5],
    ['godfathr', 'The Godfather', 4],
    ['pulp fiction', 'Pulp Fiction', 3.5],
    ['matrix', 'The Matrix', 5],
  ];
  const ids = [];
  for (const [query, title, stars] of rated) {
    await searchAndRate(page, query, title, stars);
    ids.push(Number(await page.locator('main .card').filter({ has: page.getByRole('group', { name: `Rate ${title}`, exact: true }) }).first().getAttribute('data-movie-id')));
  }
  await expect(page.locator('#status')).toContainText('5 ratings of yours');

  await page.getByRole('link', { name: 'For you' }).click();
  const region = recommendations(page);
  await expect(region.getByRole('listitem')).toHaveCount(10);
  const recs = await recIds(page);
  expect(recs).toHaveLength(10);
  for (const id of ids) expect(recs).not.toContain(id);
  await expect(region.locator('.reason').first()).toContainText(/because you rated|matches:/);
  // ltr ranks and predicts no stars: any stars shown come from the rating model.
  await expect(region.locator('ol.rec-list')).not.toHaveAttribute('data-stars-from', 'ltr');
  await shot(page, 'slice-1280');

  // A new rating updates the list at once, and the newly rated movie leaves it.
  const first = region.locator('li.rec').first();
  const firstId = Number(await first.getAttribute('data-movie-id'));
  const firstTitle = await first.locator('.rec-title a').textContent();
  await afterRecsUpdate(page, () => first.getByRole('group', { name: `Rate ${firstTitle}`, exact: true }).locator('label[title="2 stars"]').click());
  expect(await recIds(page)).not.toContain(firstId);
  await expect(region.getByRole('listitem')).toHaveCount(10);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'slice-390');
});
