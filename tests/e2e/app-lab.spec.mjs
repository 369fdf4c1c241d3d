// Model lab: train with chosen hyper-parameters and a live loss chart; compare
// algorithms with an evaluation (progress, cancel, charts) — all in the worker.
import { test, expect } from './fixtures.mjs';
import { openApp, shot } from './app-helpers.mjs';

test('train with hyper-parameters and a live loss chart', async ({ page }) => {
  await openApp(page, '#/lab');
  await expect(page.getByRole('heading', { name: 'Model lab' })).toBeVisible();
  await page.getByLabel('Algorithm', { exact: true }).selectOption('svd');
  // Few epochs and factors: fast. Given as JSON so the test does not depend on the form's field set.
  await page.getByText('Parameters as JSON').click();
  await page.locator('#lab-params-json').fill('{"n_factors": 20, "n_epochs": 6}');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText(/Trained svd in/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('img', { name: 'Training loss by epoch' })).toBeVisible();
  await expect(page.locator('.u-over').first()).toBeVisible(); // the uPlot canvas overlay
  const points = await page.evaluate(() => document.querySelectorAll('.lab .chart canvas').length);
  expect(points).toBeGreaterThan(0);
  await expect(page.getByText(/In use: svd \{"n_epochs":6,"n_factors":20\}|In use: svd \{"n_factors":20,"n_epochs":6\}/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Saved models' }).getByRole('listitem')).not.toHaveCount(0);
  await page.getByRole('img', { name: 'Training loss by epoch' }).scrollIntoViewIfNeeded();
  await shot(page, 'lab-train-1280');
});

test('compare algorithms on an evaluation protocol, with cancel', async ({ page }) => {
  await openApp(page, '#/lab');
  const checks = page.getByRole('group', { name: 'Algorithms to compare' });
  for (const box of await checks.getByRole('checkbox').all()) await box.uncheck();
  await checks.getByRole('checkbox', { name: 'popularity', exact: true }).check();
  await checks.getByRole('checkbox', { name: 'svd', exact: true }).check();
  // The default snapshot has timestamps, so the time-based protocols are offered.
  await expect(page.getByLabel('Protocol').locator('option[value="new-users:0.1:10:first"]')).toHaveCount(1);
  await page.getByLabel('Protocol').selectOption('holdout:0.2');

  // Cancel first.
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(page.getByRole('progressbar', { name: 'Evaluation progress' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel evaluation' }).click();
  await expect(page.getByText('Evaluation cancelled.')).toBeVisible();

  await page.getByLabel('Algorithm', { exact: true }).selectOption('svd');
  await page.getByText('Parameters as JSON').click();
  await page.locator('#lab-params-json').fill('{"n_factors": 20, "n_epochs": 5}');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  const table = page.locator('table.metrics');
  await expect(table).toBeVisible({ timeout: 90_000 });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table).toContainText('popularity');
  await expect(table).toContainText('svd');
  await expect(page.getByText('Ranking metrics at k = 10')).toBeVisible();
  await expect(page.getByText('Precision against recall at k = 10')).toBeVisible();
  expect(await page.locator('.chart-grid canvas').count()).toBeGreaterThanOrEqual(2);
  await page.evaluate(() => document.querySelector('.chart-grid').scrollIntoView({ block: 'center' }));
  await shot(page, 'lab-eval-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => document.querySelector('.chart-grid figure').scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollBy(0, -120));
  await shot(page, 'lab-eval-390');
});
