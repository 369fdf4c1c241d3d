// My data: export/import JSON, Letterboxd and MovieLens CSV imports with a
// report of what did not match, and "Delete all my data".
import { test, expect } from './fixtures.mjs';
import { readFileSync } from 'node:fs';
import { openApp, waitForModel, searchAndRate, skipWelcome, shot } from './app-helpers.mjs';

test('export, delete all, import back', async ({ page }) => {
  await openApp(page);
  await skipWelcome(page);
  await searchAndRate(page, 'heat 1995', 'Heat', 4.5);
  await searchAndRate(page, 'fargo', 'Fargo', 3);
  await page.getByRole('link', { name: 'My data' }).click();
  await expect(page.getByText('On this device: 2 ratings')).toBeVisible();

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export my data (JSON)' }).click();
  const download = await downloadPromise;
  const file = await download.path();
  const data = JSON.parse(readFileSync(file, 'utf8'));
  expect(data.format).toBe('cinerec-user-data');
  expect(data.ratings.map((r) => [r.title, r.rating]).sort()).toEqual([['Fargo', 3], ['Heat', 4.5]]);

  await page.getByRole('button', { name: 'Delete all my data' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete all your data?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('On this device: 2 ratings')).toBeVisible();
  await page.getByRole('button', { name: 'Delete all my data' }).click();
  await dialog.getByRole('button', { name: 'Delete everything' }).click();
  await expect(page.getByText('On this device: 0 ratings')).toBeVisible();

  await page.reload();
  await waitForModel(page);
  await expect(page.locator('#status')).not.toContainText('of yours');
  await page.getByRole('link', { name: 'My data' }).click();
  await page.locator('#import-file').setInputFiles(file);
  await expect(page.getByText('cinerec JSON import: 2 ratings matched')).toBeVisible();
  await expect(page.getByText('Every row matched a movie.')).toBeVisible();
  await page.reload();
  await waitForModel(page);
  await expect(page.locator('#status')).toContainText('2 ratings of yours');
});

test('Letterboxd and MovieLens CSV imports report what did not match', async ({ page }) => {
  await openApp(page, '#/data');
  const letterboxd = [
    'Date,Name,Year,Letterboxd URI,Rating',
    '2021-01-02,The Godfather,1972,https://boxd.it/x,5',
    '2021-01-03,Heat,1995,https://boxd.it/y,4.5',
    '2021-01-04,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/z,4',
    '2021-01-05,A Film That Does Not Exist,1999,https://boxd.it/w,3',
    '2021-01-05,Parasite,2019,https://boxd.it/p,5',
    '2021-01-06,Toy Story,1995,https://boxd.it/v,',
  ].join('\r\n');
  await page.locator('#import-file').setInputFiles({ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(letterboxd) });
  await expect(page.getByText('Letterboxd import: 3 ratings matched')).toBeVisible();
  const report = page.locator('.import-report');
  await expect(report).toContainText('3 rows did not match');
  await expect(report).toContainText('A Film That Does Not Exist (1999) — no movie with this title and year');
  await expect(report).toContainText('Parasite (2019) — after this catalogue’s last year, 2016');
  await expect(report).toContainText('This catalogue has films from 1902 to 2016');
  await expect(report).toContainText('Toy Story (1995) — no rating');
  await shot(page, 'data-1280');

  const movielens = ['userId,movieId,rating,timestamp', '7,1,4.0,964982703', '7,3,2.5,964981247', '7,999999,4,964982224', '8,1,1,964982224'].join('\n');
  await page.locator('#import-file').setInputFiles({ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(movielens) });
  await expect(page.getByText('MovieLens import: 2 ratings matched')).toBeVisible();
  await expect(report).toContainText('movieId 999999 — not in this catalogue');
  await expect(report.getByLabel(/This file holds 2 users/)).toHaveValue('7');
  await expect(page.getByText('On this device: 5 ratings')).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'data-390');
});
