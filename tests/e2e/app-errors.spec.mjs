// Safety: titles and tags from a snapshot are text, never HTML; a missing or
// corrupt snapshot and a failed wasm load give a readable message and a way forward.
import { test, expect } from './fixtures.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { XSS_SNAPSHOT } from './global-setup.mjs';
import { waitForModel, shot, search } from './app-helpers.mjs';

// Route interception must see every request: keep the service worker out of these tests.
test.use({ serviceWorkers: 'block' });

test('a title or tag with HTML is rendered as text and never runs', async ({ page }) => {
  expect(existsSync(XSS_SNAPSHOT), `${XSS_SNAPSHOT} (built by global-setup with build/native/cinerec)`).toBe(true);
  const bytes = readFileSync(XSS_SNAPSHOT);
  await page.route('**/data/default.cinerec', (route) => route.fulfill({ status: 200, body: bytes, contentType: 'application/octet-stream' }));
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.goto('./');
  await waitForModel(page);
  await search(page, 'evil movie');
  const card = page.locator('main .card').first();
  await expect(card.locator('.card-title')).toHaveText(`<img src=x onerror="window.__xss=1;document.title='pwned'"> Evil Movie`);
  await card.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('<img src=x onerror=');
  await expect(page.locator('.tag-list')).toContainText('<b onmouseover=alert(1)>bold tag</b>');
  await search(page, 'script movie');
  await expect(page.locator('main .card .card-title').first()).toHaveText('<script>window.__xss=2</script>Script Movie');
  await page.getByRole('link', { name: 'For you' }).click();
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(await page.locator('main img, main script, main b').count()).toBe(0);
  expect(await page.title()).not.toBe('pwned');
  expect(dialogs).toEqual([]);
  await search(page, 'evil');
  await shot(page, 'xss-1280');
});

test('a missing built-in catalogue is named, with a way forward', async ({ page }) => {
  await page.route('**/data/default.cinerec', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'The built-in movie catalogue is missing' })).toBeVisible();
  await expect(alert).toContainText('This site has no catalogue at data/default.cinerec.');
  await expect(alert).not.toContainText('npm');
  await expect(alert).toContainText('SNAPSHOT_NOT_FOUND');
  await expect(alert.getByRole('button', { name: 'Use the built-in catalogue' })).toHaveCount(0);
  await expect(alert.getByLabel('Open a catalogue file')).toBeVisible();
  await shot(page, 'error-missing-1280');

  // The way forward works: the file is back, "Try again" starts the app.
  await page.unroute('**/data/default.cinerec');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await waitForModel(page);
  await expect(page.locator('#status')).toContainText('9,066 movies');
});

test('a catalogue asked for that is not there is reported as missing, by name, and the built-in one is a click away', async ({ page }) => {
  // vite preview answers a missing file with index.html and status 200, as many hosts do.
  await page.goto('./?snapshot=data/missing.cinerec');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'This movie catalogue is not there' })).toBeVisible();
  await expect(alert).toContainText('There is no movie catalogue at data/missing.cinerec.');
  await expect(alert).not.toContainText('damaged');
  await expect(alert).not.toContainText('npm');
  await shot(page, 'error-asked-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'error-asked-390');

  // The menu and search answer on the error page.
  await page.getByRole('link', { name: 'Browse' }).click();
  await expect(alert).toContainText('Browse needs a movie catalogue, and none is loaded yet.');
  await page.getByRole('searchbox', { name: 'Search movies' }).fill('heat');
  await expect(alert).toContainText('Search needs a movie catalogue, and none is loaded yet.');

  // A real 404 names the file asked for, too.
  await page.route('**/data/gone.cinerec', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('./?snapshot=data/gone.cinerec');
  await expect(page.getByRole('alert')).toContainText('There is no movie catalogue at data/gone.cinerec.');

  // Back to the built-in catalogue, and the address forgets the missing one.
  await page.getByRole('button', { name: 'Use the built-in catalogue' }).click();
  await waitForModel(page);
  expect(new URL(page.url()).searchParams.get('snapshot')).toBeNull();
  await page.getByRole('link', { name: 'Browse' }).click();
  await expect(page.getByRole('heading', { name: 'Browse' })).toBeVisible();
});

test('a corrupt snapshot shows a readable message', async ({ page }) => {
  const real = readFileSync(new URL('../../dist/app/data/default.cinerec', import.meta.url));
  const broken = Buffer.from(real);
  for (let i = 200; i < broken.length; i += 997) broken[i] ^= 0x5a;
  await page.route('**/data/default.cinerec', (route) => route.fulfill({ status: 200, body: broken, contentType: 'application/octet-stream' }));
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'This movie catalogue is damaged' })).toBeVisible();
  await expect(alert).toContainText('data/default.cinerec could not be read');
  await expect(alert).toContainText('SNAPSHOT_CORRUPT');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'error-corrupt-390');

  // Opening a good snapshot file from disk is the other way forward.
  await page.getByLabel('Open a catalogue file').setInputFiles({ name: 'default.cinerec', mimeType: 'application/octet-stream', buffer: real });
  await waitForModel(page);
  await expect(page.locator('#status')).toContainText('9,066 movies');
});

test('a wasm that fails to load shows a readable message', async ({ page }) => {
  await page.route('**/*.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'The recommender engine could not start' })).toBeVisible();
  await expect(alert).toContainText('WASM_LOAD_FAILED');
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
});
