// Issue 11, item 5: the welcome's asks adapt to the answers (web/app/src/onboarding.js).
// Rate one starter, mark one "Haven't seen it": new films to ask about appear,
// none of them an answered one, answered cards stay in place, the counter counts.
import { test, expect } from './fixtures.mjs';
import { asksSettled, openApp, rate, shot } from './app-helpers.mjs';

test('the next films to ask about adapt after a rating and a "haven\'t seen it"', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page);
  const starters = page.locator('.welcome .starters');
  const ids = () => starters.locator('.card').evaluateAll((els) => els.map((e) => Number(e.dataset.movieId)));
  await expect(starters.locator('.card')).toHaveCount(12);
  const before = await ids();

  const first = await starters.locator('.card-title').first().textContent();
  const box = await starters.locator('.card').first().boundingBox();
  await rate(page.locator('.welcome'), first, 4);
  await expect(starters).toHaveAttribute('data-answered', '1');
  await asksSettled(page);
  // The rated card did not move; one ask was added; new films to ask about appeared.
  const after = await starters.locator('.card').first().boundingBox();
  expect([after.x, after.y, after.width]).toEqual([box.x, box.y, box.width]); // its row may grow below it, it does not move
  await expect(starters.locator('.card')).toHaveCount(13);
  const afterRating = await ids();
  expect(afterRating[0]).toBe(before[0]);
  expect(afterRating.filter((id) => !before.includes(id)).length).toBeGreaterThan(0);
  await expect(page.locator('.welcome .counter')).toContainText('1 of 13 rated');

  const second = starters.locator('.card').nth(1);
  const secondId = Number(await second.getAttribute('data-movie-id'));
  const secondTitle = await second.locator('.card-title').textContent();
  const unseen = page.getByRole('button', { name: `Haven't seen ${secondTitle}`, exact: true });
  await unseen.click();
  await expect(starters).toHaveAttribute('data-answered', '2');
  await asksSettled(page);
  const undo = page.getByRole('button', { name: `Undo "haven't seen" for ${secondTitle}`, exact: true });
  await expect(undo).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.welcome .counter')).toContainText('1 of 14 rated, 1 not seen');
  const afterUnseen = await ids();
  expect(afterUnseen.slice(0, 2)).toEqual([before[0], secondId]);
  const asked = afterUnseen.slice(2);
  expect(asked).not.toContain(before[0]);
  expect(asked).not.toContain(secondId);
  expect(new Set(afterUnseen).size).toBe(afterUnseen.length);
  expect(afterUnseen.length).toBeLessThanOrEqual(30);
  await shot(page, 'onboarding-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'onboarding-390');

  // Undo: the film is asked again (not hidden anywhere), and it is still in the catalogue.
  await undo.click();
  await expect(page.getByRole('button', { name: `Haven't seen ${secondTitle}`, exact: true })).toHaveAttribute('aria-pressed', 'false');
  await asksSettled(page);
  await page.goto(`./#/movie/${secondId}`);
  await expect(page.locator('main h1').first()).toContainText(secondTitle.replace(/ \(.*$/, ''));
});
