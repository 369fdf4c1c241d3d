// Rate (keyboard, change, clear, undo), not interested, My ratings, reload
// persistence, recommendation filters, retrain with progress and cancel.
import { test, expect } from './fixtures.mjs';
import { search, openApp, waitForModel, skipWelcome, rate, ratingGroup, searchAndRate, recommendations, recIds, afterRecsUpdate, shot, rateStarter } from './app-helpers.mjs';

test('half-star rating by keyboard, change, clear and undo', async ({ page }) => {
  await openApp(page);
  await skipWelcome(page);
  await search(page, 'heat 1995');
  const group = ratingGroup(page.locator('main'), 'Heat');
  await expect(group).toBeVisible();

  // Tab into the group and use the arrow keys, as with any radio group.
  await group.getByRole('radio', { name: '0.5 stars', exact: true }).focus();
  await page.keyboard.press('Space');
  await expect(group.getByRole('radio', { name: '0.5 stars', exact: true })).toBeChecked();
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  await expect(group.getByRole('radio', { name: '4 stars', exact: true })).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(group.getByRole('radio', { name: '3.5 stars', exact: true })).toBeChecked();
  await expect(group).toContainText('3.5★');

  // Change with the mouse, then clear, then undo the clear.
  await rate(page.locator('main'), 'Heat', 4.5);
  await group.getByRole('button', { name: /^Clear/ }).click();
  for (const r of await group.getByRole('radio').all()) await expect(r).not.toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: 'Removed your rating of “Heat”' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(group.getByRole('radio', { name: '4.5 stars', exact: true })).toBeChecked();

  await expect(page.getByRole('status').filter({ hasText: 'Undone: your 4.5★ for “Heat” is back.' })).toBeVisible();

  // Undo of a new rating removes it, and says so.
  await searchAndRate(page, 'casablanca', 'Casablanca', 5);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(ratingGroup(page.locator('main'), 'Casablanca').getByRole('radio', { name: '5 stars', exact: true })).not.toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: 'Undone: “Casablanca” is not rated any more.' })).toBeVisible();

  // Undo of "Not interested" says the movie can be recommended again (not the opposite).
  await page.locator('main .card').first().getByRole('button', { name: /^Not interested in/ }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Undone: “Casablanca” can be recommended again.' })).toBeVisible();

  await page.getByRole('link', { name: 'My ratings' }).click();
  const list = page.getByRole('list', { name: 'My ratings' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Heat');
});

test('ratings, hidden movies and settings survive a reload; My ratings lists them', async ({ page }) => {
  await openApp(page);
  await rate(page.locator('.welcome'), await page.locator('.welcome .card-title').first().textContent(), 4);
  await searchAndRate(page, 'fargo', 'Fargo', 5);
  await page.getByRole('link', { name: 'For you' }).click();
  const region = recommendations(page);
  await expect(region.getByRole('listitem')).toHaveCount(10);
  const victim = region.locator('li.rec').first();
  const victimId = Number(await victim.getAttribute('data-movie-id'));
  const victimTitle = await victim.locator('.rec-title a').textContent();
  await afterRecsUpdate(page, () => victim.getByRole('button', { name: `Not interested in “${victimTitle}”` }).click());
  expect(await recIds(page)).not.toContain(victimId);
  await page.getByLabel('Genre').selectOption('Comedy');

  await page.reload();
  await waitForModel(page);
  await expect(page.locator('#status')).toContainText('2 ratings of yours');
  await expect(page.getByLabel('Genre')).toHaveValue('Comedy');
  expect(await recIds(page)).not.toContain(victimId);

  await page.getByRole('link', { name: 'My ratings' }).click();
  await expect(page.getByRole('list', { name: 'My ratings' }).getByRole('listitem')).toHaveCount(2);
  await expect(ratingGroup(page.locator('main'), 'Fargo').getByRole('radio', { name: '5 stars', exact: true })).toBeChecked();
  const hidden = page.getByRole('list', { name: 'Hidden movies' });
  await expect(hidden).toContainText(victimTitle);
  await shot(page, 'ratings-1280');
  await hidden.getByRole('button', { name: /^Unhide/ }).click();
  await expect(page.getByText('Movies you mark “Not interested” are listed here')).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'ratings-390');
});

test('recommendation filters: genre, decade, hide obscure', async ({ page }) => {
  await openApp(page);
  for (let k = 0; k < 3; k++) await rateStarter(page, k, 4.5);
  const region = recommendations(page);
  await expect(region.getByRole('listitem')).toHaveCount(10);

  await afterRecsUpdate(page, () => page.getByLabel('Genre').selectOption('Comedy'));
  const genres = await region.locator('.rec-genres').allTextContents();
  expect(genres.length).toBeGreaterThan(0);
  for (const g of genres) expect(g).toContain('Comedy');

  await afterRecsUpdate(page, () => page.getByLabel('Decade').selectOption('1980'));
  const years = await region.locator('.rec-title .year').allTextContents();
  for (const y of years) expect(Number(y)).toBeGreaterThanOrEqual(1980), expect(Number(y)).toBeLessThanOrEqual(1989);

  // Obscure movies: every recommendation has at least 20 ratings while the box is ticked.
  await expect(page.getByLabel(/Hide very obscure/)).toBeChecked();
  await afterRecsUpdate(page, () => page.getByLabel('Genre').selectOption(''));
  await afterRecsUpdate(page, () => page.getByLabel('Decade').selectOption(''));
  await afterRecsUpdate(page, () => page.getByLabel(/Hide very obscure/).uncheck());
  await expect(region.getByRole('listitem')).toHaveCount(10);
});

test('retrain shows progress and can be cancelled', async ({ page }) => {
  await openApp(page);
  await skipWelcome(page);
  await page.getByRole('link', { name: 'For you' }).click();
  const region = recommendations(page);
  await expect(region.getByRole('listitem')).toHaveCount(10);
  // Start the training and cancel it in one task: the progress bar and the
  // Cancel button must be shown as soon as training starts.
  const shown = await region.evaluate((el) => {
    const button = (text) => [...el.querySelectorAll('button')].find((b) => b.textContent.trim() === text);
    button('Retrain with my ratings').click();
    const bars = [...el.querySelectorAll('[role="progressbar"][aria-label="Training progress"]')];
    const cancel = button('Cancel');
    const visible = { bar: bars.some((b) => !b.closest('[hidden]')), cancel: !!cancel && !cancel.hidden };
    cancel?.click();
    return visible;
  });
  expect(shown).toEqual({ bar: true, cancel: true });
  await expect(page.getByText('Training cancelled. The previous model is still in use.')).toBeVisible();
  await expect(region.getByRole('listitem')).toHaveCount(10);

  // Retrain with two ratings of ours: they go to the worker with the data.
  await searchAndRate(page, 'heat 1995', 'Heat', 4.5);
  await searchAndRate(page, 'toy story', 'Toy Story', 4);
  await page.getByRole('link', { name: 'For you' }).click();
  await region.getByRole('button', { name: 'Retrain with my ratings' }).click();
  await expect(page.getByText(/Retrained ltr with your 2 ratings in/)).toBeVisible({ timeout: 90_000 });
  await expect(region.getByRole('listitem')).toHaveCount(10);
});
