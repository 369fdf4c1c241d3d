// "My data": what is stored on this device, export/import (JSON, MovieLens,
// Letterboxd and IMDb CSV), saved models, and "Delete all my data".
import { app, toast } from '../app.js';
import { h, replace, plural, fmtInt, field } from '../dom.js';
import { catalogueYears } from '../catalogue.js';
import { confirmDialog } from '../components/confirm.js';
import { MAX_MODEL_BYTES, TOTAL_BUDGET, fmtBytes } from '../model-cache.js';

// The importers (with Papa Parse) load on the first import, and their title
// index of the catalogue is built once per loaded recommender.
let titles = null; // { rec, index }
async function importersFor(rec) {
  const importers = await import('../importers.js');
  if (titles?.rec !== rec) titles = { rec, index: new importers.TitleIndex(rec.movies.all()) };
  return { ...importers, index: titles.index };
}

export function renderData(main) {
  const { store, lifecycle } = app;
  const rec = lifecycle.rec;

  const years = catalogueYears(rec.movies);
  const summary = h('p', { class: 'lede', role: 'status' });
  const updateSummary = () => {
    summary.textContent = `On this device: ${plural(store.ratings.size, 'rating')}, ${plural(store.hidden.size, 'hidden movie')}, your settings and saved models. None of it is ever sent anywhere.`;
  };
  updateSummary();

  // ---- export
  const exportButton = h(
    'button',
    {
      type: 'button',
      class: 'btn',
      onclick: () => app.actions.exportData(),
    },
    'Export my data (JSON)',
  );

  // ---- import
  const report = h('div', { class: 'import-report', 'aria-live': 'polite' });
  const fileInput = h('input', { type: 'file', id: 'import-file', class: 'file-input', accept: '.json,.csv,application/json,text/csv', onchange: () => fileInput.files[0] && handleFile(fileInput.files[0]) });

  async function handleFile(file, userId) {
    const text = await file.text();
    let result;
    try {
      const { importCsv, importJson, index } = await importersFor(rec);
      result = file.name.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{') ? importJson(text, index) : importCsv(text, index, { userId });
    } catch (err) {
      replace(report, h('p', { class: 'error-text', role: 'alert' }, `Could not import “${file.name}”: ${err.message}`));
      fileInput.value = '';
      return;
    }
    const changes = result.matched.map((m) => ({ movieId: m.movieId, rating: m.rating, ts: m.ts, hidden: false }));
    for (const x of result.hidden ?? []) changes.push({ movieId: x.movieId, hidden: true, ts: x.ts });
    const replaced = result.matched.filter((m) => store.rating(m.movieId) != null && store.rating(m.movieId) !== m.rating).length;
    if (changes.length)
      await app.actions.batch(`Imported ${plural(result.matched.length, 'rating')} from ${file.name}.`, changes, `the import of ${plural(result.matched.length, 'rating')} from ${file.name} was reversed.`);
    fileInput.value = '';

    const userPicker =
      result.users && result.users.length > 1
        ? h(
            'div',
            { class: 'field' },
            h('label', { for: 'import-user' }, `This file holds ${plural(result.users.length, 'user')}. Import the ratings of user`),
            h(
              'select',
              {
                id: 'import-user',
                onchange: async (e) => {
                  await app.actions.undo();
                  handleFile(file, e.target.value);
                },
              },
              result.users.map((u) => h('option', { value: u.userId, selected: u.userId === result.userId }, `${u.userId} (${plural(u.count, 'rating')})`)),
            ),
          )
        : null;

    replace(
      report,
      h(
        'div',
        { class: 'notice' },
        h('h3', {}, `${result.kind} import: ${plural(result.matched.length, 'rating')} matched${result.hidden?.length ? `, ${plural(result.hidden.length, 'hidden movie')}` : ''}${replaced ? ` (${replaced} replaced an earlier rating)` : ''}`),
        userPicker,
        years.first && years.last ? h('p', { class: 'small muted' }, `This catalogue has films from ${years.first} to ${years.last}; later films cannot match.`) : null,
        result.unmatched.length
          ? h(
              'details',
              { open: result.unmatched.length <= 20 },
              h('summary', {}, `${plural(result.unmatched.length, 'row')} did not match`),
              h(
                'ul',
                { class: 'unmatched' },
                result.unmatched.slice(0, 500).map((u) => h('li', {}, u.line ? `Line ${u.line}: ` : '', h('strong', {}, u.title), u.year ? ` (${u.year})` : '', ` — ${u.reason}`)),
              ),
              result.unmatched.length > 500 ? h('p', { class: 'small muted' }, `…and ${fmtInt(result.unmatched.length - 500)} more.`) : null,
            )
          : h('p', { class: 'small' }, 'Every row matched a movie.'),
      ),
    );
  }

  // ---- saved models: each one's size and the total, within the budget (model-cache.js)
  const modelList = h('div');
  async function drawModels() {
    const models = await lifecycle.models.list();
    const total = models.reduce((t, m) => t + (m.kept === false ? 0 : m.size ?? 0), 0);
    const inUse = lifecycle.currentKey();
    const rater = lifecycle.rater?.key;
    replace(
      modelList,
      h(
        'p',
        { class: 'muted', id: 'models-total' },
        `${models.length ? `Saved models take ${fmtBytes(total)} on this device` : 'Nothing is saved yet'}, of at most ${fmtBytes(TOTAL_BUDGET)}: past that the least recently used are removed. A model larger than ${fmtBytes(MAX_MODEL_BYTES)}, even compressed, is not kept; it is trained again when used.`,
      ),
      models.length
        ? h(
            'ul',
            { class: 'model-list', 'aria-label': 'Saved models' },
            models.map((m) =>
              h(
                'li',
                {},
                h(
                  'span',
                  {},
                  h('strong', {}, m.algorithm),
                  m.key === inUse ? ' (in use)' : m.key === rater ? ' (in use: predicted stars)' : '',
                  ` ${Object.keys(m.params ?? {}).length ? JSON.stringify(m.params) : '(default settings)'} · `,
                  h('span', { class: 'model-size' }, m.kept === false ? `not kept: ${fmtBytes(m.rawSize ?? 0)} is too large` : fmtBytes(m.size ?? 0)),
                  ` · ${new Date(m.usedAt ?? m.createdAt).toLocaleString()}`,
                ),
                h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-label': `Delete the saved ${m.algorithm} model`, onclick: async () => { await lifecycle.models.delete(m.key); drawModels(); } }, 'Delete'),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'No saved models. Trained models are kept here so the next visit starts at once.'),
    );
  }
  drawModels();
  lifecycle.addEventListener('saved', drawModels);

  // ---- delete all
  const removes = () => `This removes ${plural(store.ratings.size, 'rating')}, ${plural(store.hidden.size, 'hidden movie')}, your settings and saved models from this device. It cannot be undone; export first if you may want them back.`;
  const dialog = confirmDialog({ title: 'Delete all your data?', confirm: 'Delete everything', danger: true });
  const deleteButton = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-danger',
      onclick: () => {
        dialog.text.textContent = removes();
        dialog.ask(async (yes) => {
          if (!yes) return;
          await store.deleteAll();
          toast('All your data was deleted from this device.');
          replace(report);
          drawModels();
        });
      },
    },
    'Delete all my data',
  );

  const onChange = () => updateSummary();
  store.addEventListener('change', onChange);

  const info = rec.snapshotInfo;
  main.replaceChildren(
    h(
      'div',
      { class: 'data-page' },
      h('h1', { class: 'page-title' }, 'My data'),
      summary,
      store.persistent ? null : h('p', { class: 'notice warn' }, `${store.problem?.message ?? 'This browser does not let cinerec store data.'} Your changes last until you close the tab; export them to keep them.`),
      h('section', { class: 'panel' }, h('h2', {}, 'Export'), h('p', { class: 'muted' }, 'Your ratings, hidden movies and settings as a JSON file you can import here or on another device.'), exportButton),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Import'),
        h('p', { class: 'muted' }, 'A cinerec JSON export, a MovieLens ratings.csv (matched by movieId), a Letterboxd ratings.csv (Date,Name,Year,Letterboxd URI,Rating) or an IMDb ratings export (matched by title and year). The file is read on this device only.'),
        field('Choose a file to import', fileInput),
        report,
      ),
      h('section', { class: 'panel' }, h('h2', {}, 'Saved models'), modelList),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Catalogue'),
        h('p', { class: 'muted' }, `${info.name || 'Snapshot'}: ${plural(info.movies, 'movie')}${years.first ? ` from ${years.first} to ${years.last}` : ''}, ${plural(info.ratings, 'rating')} by ${plural(info.users, 'person', 'people')}, ${fmtBytes(info.bytes)}.`),
        info.source ? h('p', { class: 'small muted' }, `Source: ${info.source}.`) : null,
      ),
      h('section', { class: 'panel danger-zone' }, h('h2', {}, 'Delete'), h('p', { class: 'muted' }, 'Remove everything cinerec stored on this device.'), deleteButton, dialog.el),
    ),
  );
  return () => {
    store.removeEventListener('change', onChange);
    lifecycle.removeEventListener('saved', drawModels);
  };
}
