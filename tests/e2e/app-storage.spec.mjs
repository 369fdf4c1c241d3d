// Ratings that survive anything (web/app/src/store.js): tabs in sync live,
// concurrent edits, IndexedDB unavailable / blocked / over quota, asking the
// browser to keep the data only with consent, a 20,000-row import, "Delete all
// my data" leaving nothing, and a damaged cached model discarded and retrained.
import { test, expect } from './fixtures.mjs';
import { copyFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { openApp, waitForModel, skipWelcome, searchAndRate, search, rate } from './app-helpers.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));

// ---- IndexedDB as the page sees it (raw API, no app code)
function readDb(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('cinerec-app');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          if (!names.length) {
            db.close();
            return resolve({});
          }
          const tx = db.transaction(names, 'readonly');
          const out = {};
          for (const n of names) {
            const req = tx.objectStore(n).getAll();
            req.onsuccess = () => (out[n] = req.result.map((r) => (r && r.bytes ? { ...r, bytes: r.bytes.byteLength } : r)));
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

async function cachedModels(page) {
  return (await readDb(page)).models ?? [];
}

/** Flip bytes in the middle of every cached model (a damaged disk, a bad write). */
function damageCachedModels(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('cinerec-app');
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('models', 'readwrite');
          const store = tx.objectStore('models');
          const req = store.getAll();
          req.onsuccess = () => {
            for (const m of req.result) {
              const b = new Uint8Array(m.bytes);
              for (let k = 0; k < 8; k++) b[Math.floor(b.length / 2) + k * 97] ^= 0x5a;
              store.put({ ...m, bytes: b.buffer });
            }
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
}

const status = (page) => page.locator('#status');

test('a damaged model in IndexedDB is discarded, said once, and retrained', async ({ page }) => {
  // The default snapshot's own ltr model is not saved on the device: train one
  // in the lab that is (popularity, quick), beside the rater of predicted stars.
  await openApp(page, '#/lab');
  await page.getByLabel('Algorithm', { exact: true }).selectOption('popularity');
  await page.getByRole('button', { name: /^Train [\w-]+( and use it)?$/ }).click();
  await page.getByRole('dialog', { name: 'Use this model for your recommendations?' }).getByRole('button', { name: 'Train and use it' }).click();
  await expect(page.locator('.train-result')).toContainText('Trained popularity in', { timeout: 90_000 });
  await expect.poll(async () => (await cachedModels(page)).map((m) => m.algorithm).sort(), { timeout: 90_000 }).toEqual(['bayesian-fm', 'popularity']);
  const before = Math.max(...(await cachedModels(page)).map((m) => m.createdAt));
  await damageCachedModels(page);

  const notices = [];
  await page.reload();
  const toast = page.getByRole('status').filter({ hasText: /The saved popularity model on this device could not be used/ });
  await expect(toast).toContainText('it is damaged or from another version');
  notices.push(await toast.count());
  await waitForModel(page);
  await expect(status(page)).toContainText('model: popularity');
  // The damaged entries were replaced by retrained models (the rater's quietly), which load next time without a word.
  await expect.poll(async () => (await cachedModels(page)).map((m) => m.createdAt > before), { timeout: 90_000 }).toEqual([true, true]);
  await page.reload();
  await waitForModel(page);
  await expect(page.getByText(/could not be used/)).toHaveCount(0);
  expect(notices).toEqual([1]);
});

test('two tabs stay in sync live, and concurrent edits keep every rating', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a);
  await skipWelcome(a);
  await openApp(b, '#/browse');

  await searchAndRate(a, 'heat 1995', 'Heat', 4.5);
  await expect(status(b)).toContainText('1 rating of yours'); // no reload: the change arrived live
  await searchAndRate(b, 'fargo', 'Fargo', 3);
  await expect(status(a)).toContainText('2 ratings of yours');

  // Both tabs rate at the same moment, then each rates again while the other imports.
  await Promise.all([searchAndRate(a, 'toy story', 'Toy Story', 5), searchAndRate(b, 'casablanca', 'Casablanca', 4)]);
  const letterboxd = ['Date,Name,Year,Letterboxd URI,Rating', '2021-01-02,The Godfather,1972,https://boxd.it/x,5', '2021-01-03,Alien,1979,https://boxd.it/y,4'].join('\n');
  await a.getByRole('link', { name: 'My data' }).click();
  await Promise.all([
    a.locator('#import-file').setInputFiles({ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(letterboxd) }),
    searchAndRate(b, 'pulp fiction', 'Pulp Fiction', 3.5),
  ]);
  await expect(a.getByText('Letterboxd import: 2 ratings matched')).toBeVisible();
  for (const p of [a, b]) await expect(status(p)).toContainText('7 ratings of yours');

  // The same movie rated in both tabs: the later edit wins everywhere.
  await searchAndRate(a, 'heat 1995', 'Heat', 2);
  await searchAndRate(b, 'heat 1995', 'Heat', 1.5);
  await expect(a.getByRole('group', { name: 'Rate Heat', exact: true }).first().getByRole('radio', { name: '1.5 stars', exact: true })).toBeChecked();

  const stored = (await readDb(a)).ratings;
  expect(stored.length).toBe(7);
  expect(stored.find((r) => r.rating === 1.5)).toBeTruthy();
  await a.reload();
  await waitForModel(a);
  await expect(status(a)).toContainText('7 ratings of yours');
  await a.getByRole('link', { name: 'My ratings' }).click();
  await expect(a.getByRole('list', { name: 'My ratings' }).getByRole('listitem')).toHaveCount(7);
});

test('IndexedDB unavailable: the app works from memory, says so, and exports', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await openApp(page);
  const notice = page.getByRole('alert').filter({ hasText: 'Your ratings are not being saved on this device.' });
  await expect(notice).toContainText('does not let cinerec save anything on this device');
  await skipWelcome(page);
  await searchAndRate(page, 'heat 1995', 'Heat', 4.5);
  await expect(status(page)).toContainText('1 rating of yours');
  const download = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Export my data (JSON)' }).click();
  const file = await (await download).path();
  const data = JSON.parse(await (await import('node:fs/promises')).readFile(file, 'utf8'));
  expect(data.ratings.map((r) => [r.title, r.rating])).toEqual([['Heat', 4.5]]);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  await searchAndRate(page, 'fargo', 'Fargo', 3);
  await expect(page.getByRole('alert').filter({ hasText: 'not being saved' })).toHaveCount(0); // said once
});

test('IndexedDB blocked by another tab: the app starts from memory and says why', async ({ context, page }) => {
  test.setTimeout(180_000);
  await openApp(page); // the database exists
  // Another page of the origin holds a connection that ignores version changes,
  // and a third asks to delete the database: the delete waits, and so does every open behind it.
  const holder = await context.newPage();
  await holder.goto('./data/LICENSE-MovieLens.txt');
  await holder.evaluate(() => new Promise((resolve) => {
    const r = indexedDB.open('cinerec-app');
    r.onsuccess = () => { window.__held = r.result; resolve(); };
  }));
  await holder.evaluate(() => { window.__deleting = indexedDB.deleteDatabase('cinerec-app'); });
  await page.reload();
  await waitForModel(page);
  await expect(page.getByRole('alert')).toContainText('Another cinerec tab keeps the saved data locked');
  await skipWelcome(page);
  await searchAndRate(page, 'heat 1995', 'Heat', 4.5);
  await expect(status(page)).toContainText('1 rating of yours');
  await holder.evaluate(() => window.__held.close());
  await holder.close();
});

test('over quota: the change is kept in memory, the person is told once and offered the export', async ({ page }) => {
  await openApp(page);
  await skipWelcome(page);
  await searchAndRate(page, 'heat 1995', 'Heat', 4.5);
  // The device is full: every write fails the way browsers report it. (CDP's
  // Storage.overrideQuotaForOrigin did not make this Chromium refuse small writes.)
  await page.evaluate(() => {
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.put = full;
    IDBObjectStore.prototype.add = full;
  });
  await searchAndRate(page, 'fargo', 'Fargo', 3);
  const notice = page.getByRole('alert').filter({ hasText: 'Your ratings are not being saved on this device.' });
  await expect(notice).toContainText('no storage space left');
  await expect(notice.getByRole('button', { name: 'Export my data (JSON)' })).toBeVisible();
  await searchAndRate(page, 'toy story', 'Toy Story', 5);
  await expect(status(page)).toContainText('3 ratings of yours');
  const download = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Export my data (JSON)' }).click();
  const data = JSON.parse(await (await import('node:fs/promises')).readFile(await (await download).path(), 'utf8'));
  expect(data.ratings.map((r) => r.title).sort()).toEqual(['Fargo', 'Heat', 'Toy Story']);
});

test('the browser is asked to keep the data only after the person agrees', async ({ page }) => {
  await page.addInitScript(() => {
    window.__persistCalls = 0;
    // The answer survives reloads the way the browser's would.
    StorageManager.prototype.persisted = async () => sessionStorage.getItem('kept') === '1';
    StorageManager.prototype.persist = async () => {
      window.__persistCalls++;
      sessionStorage.setItem('kept', '1');
      return true;
    };
  });
  await openApp(page);
  await skipWelcome(page);
  await searchAndRate(page, 'heat 1995', 'Heat', 4.5);
  await searchAndRate(page, 'fargo', 'Fargo', 3);
  const question = page.getByRole('region', { name: 'Keep your data' });
  await expect(question).toHaveCount(0);
  await searchAndRate(page, 'toy story', 'Toy Story', 5);
  await expect(question).toContainText('Ask it to keep cinerec’s data?');
  expect(await page.evaluate(() => window.__persistCalls)).toBe(0);
  await question.getByRole('button', { name: 'Keep my data' }).click();
  await expect(page.getByText('Done: this browser will keep cinerec’s data')).toBeVisible();
  expect(await page.evaluate(() => window.__persistCalls)).toBe(1);
  await page.reload();
  await waitForModel(page);
  await searchAndRate(page, 'casablanca', 'Casablanca', 4);
  await expect(question).toHaveCount(0);
  expect(await page.evaluate(() => window.__persistCalls)).toBe(0);
});

test('an import of 20,000 rows works and reports what did not match', async ({ page }) => {
  test.setTimeout(240_000);
  // The catalogue's own titles (each movie once) and made-up ones, 20,000 rows in all.
  const { createRecommender } = await import('../../web/lib/node.js');
  const { importCsv, TitleIndex } = await import('../../web/app/src/importers.js');
  const rec = await createRecommender({ snapshotUrl: join(repo, 'public/data/default.cinerec'), algorithm: null, worker: false });
  const movies = rec.movies.all();
  rec.dispose();
  const quote = (s) => `"${String(s).replace(/"/g, '""')}"`;
  const rows = ['Date,Name,Year,Letterboxd URI,Rating'];
  for (let i = 0; rows.length <= 20_000; i++) {
    const m = movies[i];
    const stars = 0.5 + (i % 10) / 2;
    rows.push(m ? `2020-01-01,${quote(m.title)},${m.year ?? ''},https://boxd.it/${i},${stars}` : `2020-01-01,No Such Film ${i},2031,https://boxd.it/${i},3`);
  }
  const csv = rows.join('\n');
  const expected = importCsv(csv, new TitleIndex(movies));
  const matchedIds = new Set(expected.matched.map((m) => m.movieId));
  expect(expected.matched.length + expected.unmatched.length).toBe(20_000);

  await openApp(page, '#/data');
  await page.locator('#import-file').setInputFiles({ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const fmt = (n) => n.toLocaleString('en-US');
  await expect(page.getByText(`Letterboxd import: ${fmt(expected.matched.length)} ratings matched`)).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('.import-report')).toContainText(`${fmt(expected.unmatched.length)} rows did not match`);
  // The first made-up row is listed, with the reason (2031 is after the catalogue's last year).
  await expect(page.locator('.import-report')).toContainText(`No Such Film ${movies.length} (2031) — after this catalogue’s last year`);
  await expect(status(page)).toContainText(`${fmt(matchedIds.size)} ratings of yours`);
  // The page still answers, and every matched rating is on disk.
  await search(page, 'heat 1995');
  await expect.poll(async () => (await readDb(page)).ratings.length, { timeout: 60_000 }).toBe(matchedIds.size);
  await page.reload();
  await waitForModel(page);
  await expect(status(page)).toContainText(`${fmt(matchedIds.size)} ratings of yours`);
});

test('"Delete all my data" leaves nothing in IndexedDB or the caches', async ({ page }) => {
  test.setTimeout(180_000);
  // A snapshot of the person's own (served once, then kept by the service worker).
  const mine = join(repo, 'dist/app/data/e2e-mine.cinerec');
  copyFileSync(join(repo, 'public/data/default.cinerec'), mine);
  try {
    await openApp(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    });
    await page.goto('./?snapshot=data/e2e-mine.cinerec');
    await waitForModel(page);
    await skipWelcome(page).catch(() => {});
    await searchAndRate(page, 'heat 1995', 'Heat', 4.5);
    await page.getByRole('group', { name: 'Rate Heat', exact: true }).first().locator('xpath=ancestor::*[contains(@class,"card")][1]').getByRole('button', { name: /Not interested/ }).click().catch(() => {});
    await expect.poll(async () => (await cachedModels(page)).length, { timeout: 60_000 }).toBeGreaterThan(0);
    const cachedUrls = () => page.evaluate(async () => {
      const out = [];
      for (const key of await caches.keys()) for (const req of await (await caches.open(key)).keys()) out.push(`${key} ${req.url}`);
      return out;
    });
    expect((await cachedUrls()).some((u) => u.includes('e2e-mine.cinerec'))).toBe(true);

    await page.getByRole('link', { name: 'My data' }).click();
    await page.getByRole('button', { name: 'Delete all my data' }).click();
    await page.getByRole('dialog', { name: 'Delete all your data?' }).getByRole('button', { name: 'Delete everything' }).click();
    await expect(page.getByText('All your data was deleted from this device.')).toBeVisible();

    const db = await readDb(page);
    expect(Object.fromEntries(Object.entries(db).map(([k, v]) => [k, v.length]))).toEqual({ hidden: 0, models: 0, ratings: 0, settings: 0 });
    const left = await cachedUrls();
    expect(left.filter((u) => u.includes('e2e-mine') || u.startsWith('cinerec-user-'))).toEqual([]);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
  } finally {
    rmSync(mine, { force: true });
  }
});
