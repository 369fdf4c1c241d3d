// Where the person's data lives, said plainly (store.js):
//  - IndexedDB unavailable, blocked, over quota or failing: the app goes on from
//    memory; one notice says so and offers the JSON export, so nothing is lost.
//  - Once they have a few ratings, one question: ask the browser to keep the
//    data (navigator.storage.persist)? Asked only then, and only with their yes.
import { app } from '../app.js';
import { h, replace } from '../dom.js';

const ASK_AFTER = 3; // ratings before the question is worth asking

export function mountStorageNotice(region, store) {
  let dismissed = false;
  let asking = false;

  const problemNotice = (problem) =>
    h(
      'div',
      { class: 'notice warn storage-notice', role: 'alert' },
      h('p', {}, h('strong', {}, 'Your ratings are not being saved on this device. '), problem.message),
      h('p', {}, 'cinerec keeps working, and everything you do stays in this tab until you close it. Export your data now and then so nothing is lost.'),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', class: 'btn', onclick: () => app.actions.exportData() }, 'Export my data (JSON)'),
        h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => { dismissed = true; replace(region); } }, 'Dismiss'),
      ),
    );

  function showProblem() {
    if (!dismissed && store.problem) replace(region, problemNotice(store.problem));
  }

  async function maybeAsk() {
    if (asking || store.problem || store.settings.persistAsked || store.ratings.size < ASK_AFTER) return;
    if (!navigator.storage?.persist) return;
    asking = true;
    if (await store.persisted()) return; // already kept: nothing to ask
    const answer = async (keep) => {
      await store.setSetting('persistAsked', true);
      if (!keep) return replace(region);
      const granted = await store.requestPersistence();
      replace(
        region,
        h(
          'div',
          { class: 'notice storage-notice', role: 'status' },
          granted
            ? 'Done: this browser will keep cinerec’s data even when it runs short of space.'
            : 'This browser did not agree to keep the data for sure. Export your ratings now and then (My data) to be safe.',
          h('button', { type: 'button', class: 'btn-link', onclick: () => replace(region) }, 'Close'),
        ),
      );
    };
    if (store.problem) return;
    replace(
      region,
      h(
        'div',
        { class: 'notice storage-notice', role: 'region', 'aria-label': 'Keep your data' },
        h('p', {}, 'Your ratings are kept in this browser only. A browser may clear such data when it runs short of space. Ask it to keep cinerec’s data?'),
        h(
          'div',
          { class: 'row' },
          h('button', { type: 'button', class: 'btn', onclick: () => answer(true) }, 'Keep my data'),
          h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => answer(false) }, 'Not now'),
        ),
      ),
    );
  }

  store.addEventListener('storage', showProblem);
  store.addEventListener('change', maybeAsk);
  showProblem();
  maybeAsk();
}
