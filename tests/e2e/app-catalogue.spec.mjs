// The app on snapshots that carry a model: the default one recommends at
// once with its pretrained model (no training job), and a catalogue (a model
// and no ratings, built here with the native CLI) recommends, says why it
// cannot train, and hides retraining and the lab's training and comparison.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, recommendations, searchAndRate, shot, skipWelcome, waitForModel } from './app-helpers.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = process.env.CINEREC_BIN || join(repo, 'build/native/cinerec');
const snapshot = join(repo, 'public/data/default.cinerec');

test.use({ serviceWorkers: 'block' });

function catalogueBytes() {
  const dir = mkdtempSync(join(tmpdir(), 'cinerec-e2e-catalogue-'));
  try {
    const model = join(dir, 'als.bin'), out = join(dir, 'c.cinerec');
    for (const args of [
      ['train', '--data', snapshot, '--algo', 'als', '--param', 'n_factors=8', '--param', 'n_epochs=4', '--out', model],
      ['snapshot', '--from', snapshot, '--out', out, '--model', model, '--ratings', 'none', '--factors', 'i8'],
    ]) {
      const r = spawnSync(bin, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`cinerec ${args[0]}: ${r.stderr}`);
    }
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the default snapshot recommends with its pretrained model, no training', async ({ page }) => {
  const info = spawnSync(bin, ['snapshot', '--info', snapshot], { encoding: 'utf8' }).stdout;
  test.skip(!/^model {7}\S+/m.test(info) || /^model {7}none/m.test(info), 'the default snapshot carries no model');
  const algorithm = /^model {7}([a-z0-9-]+)/m.exec(info)[1];
  // Every frame until the first picks: how many picks the home page showed.
  // The list is asked for before the page is built (lifecycle.primedList),
  // so the first frame with the page already has them — no empty list first.
  await page.addInitScript(() => {
    window.__framesWithHome = [];
    const frame = () => {
      const home = document.querySelector('#main .home');
      if (home) window.__framesWithHome.push(home.querySelectorAll('.rec-list li').length);
      if (window.__framesWithHome.length < 3) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await openApp(page);
  await expect.poll(() => page.evaluate(() => window.__framesWithHome.length)).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.__framesWithHome[0])).toBe(10);
  await expect(page.locator('#status')).toContainText(`model: ${algorithm}`);
  await skipWelcome(page);
  await page.getByRole('link', { name: 'For you' }).click();
  await expect(recommendations(page).getByRole('listitem')).toHaveCount(10);
  // No training ran: the lab says the model in use was shipped with the snapshot.
  await page.goto('./#/lab');
  await waitForModel(page);
  await expect(page.locator('.model-line')).toContainText(`${algorithm}, trained ahead and shipped with the snapshot`);
  await expect(page.getByRole('heading', { name: 'Train' })).toBeVisible();
});

test('a catalogue recommends by folding in and hides training', async ({ page }) => {
  test.skip(!existsSync(bin), `${bin} is missing`);
  const bytes = catalogueBytes();
  await page.route('**/data/test-catalogue.cinerec', (route) =>
    route.fulfill({ status: 200, body: bytes, contentType: 'application/octet-stream' }),
  );
  await page.goto('./?snapshot=data/test-catalogue.cinerec');
  await waitForModel(page);
  await expect(page.locator('#status')).toContainText('model: als');
  await expect(page.locator('#status')).toContainText(/movies, a model built from [\d,]+ ratings/);
  // The welcome counts the ratings the catalogue was built from, not the none it carries.
  await expect(page.locator('.catalogue-line')).toContainText(/rated 100,004 times by 671 people/);
  await skipWelcome(page);
  await searchAndRate(page, 'fargo', 'Fargo', 5);
  await page.getByRole('link', { name: 'For you' }).click();
  const recs = recommendations(page);
  await expect(recs.getByRole('listitem')).toHaveCount(10);
  await expect(recs.locator('#recs-basis')).toContainText('From your 1 rating');
  await expect(recs.getByRole('button', { name: 'Retrain with my ratings' })).toBeHidden();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 860 });
    await recs.getByRole('heading', { name: 'Recommendations' }).scrollIntoViewIfNeeded();
    await shot(page, `catalogue-picks-${width}`);
  }
  await page.goto('./?snapshot=data/test-catalogue.cinerec#/lab');
  await waitForModel(page);
  await expect(page.locator('#lab-catalogue')).toContainText('came with a trained als model and without its ratings');
  await expect(page.locator('.model-line')).toContainText('als, trained ahead and shipped with the catalogue');
  await expect(page.getByRole('heading', { name: 'Train' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Compare algorithms' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Saved models' })).toBeHidden();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 860 });
    await shot(page, `catalogue-lab-${width}`);
  }
});
