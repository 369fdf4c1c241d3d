// The app's shared context: the user's store, the recommender's life cycle, and the
// user actions (rate, clear, hide) that every view calls, each undoable.
import { h, fmtStars, download, plural } from './dom.js';

export const app = {
  store: null, // Store (store.js)
  lifecycle: null, // RecommenderLifecycle (recommender-lifecycle.js): the recommender, its model and state
  actions: null,
};

const undoStack = [];
const MAX_UNDO = 50;
let toastTimer = 0;

/** Show one toast (replacing the previous one), optionally with an Undo button. */
export function toast(message, { undo = null, kind = 'info', timeout = 6000 } = {}) {
  const region = document.getElementById('toasts');
  clearTimeout(toastTimer);
  const children = [h('span', { class: 'toast-text' }, message)];
  if (undo) {
    children.push(
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          onclick: async () => {
            region.replaceChildren();
            await undo();
          },
        },
        'Undo',
      ),
    );
  }
  children.push(
    h('button', { type: 'button', class: 'btn-link toast-close', 'aria-label': 'Dismiss', onclick: () => region.replaceChildren() }, '×'),
  );
  region.replaceChildren(h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, children));
  if (timeout) toastTimer = setTimeout(() => region.replaceChildren(), timeout);
}

// label: what was done; undone: what undoing it restores, in words (not
// the label again: undoing “won’t be recommended” makes it recommendable).
async function undoable(label, changes, kind, undone) {
  try {
    const inverse = await app.store.apply(changes, kind);
    const entry = { label, inverse, undone };
    undoStack.push(entry);
    if (undoStack.length > MAX_UNDO) undoStack.shift();
    toast(label, { undo: () => undo(entry) });
  } catch (err) {
    toast(`Could not save that change on this device: ${err.message}`, { kind: 'error', timeout: 0 });
  }
}

async function undo(entry = undoStack[undoStack.length - 1]) {
  if (!entry) return;
  const i = undoStack.indexOf(entry);
  if (i >= 0) undoStack.splice(i, 1);
  await app.store.apply(entry.inverse, 'undo');
  toast(`Undone: ${entry.undone}`, { timeout: 3000 });
}

app.actions = {
  rate(movie, rating) {
    const changes = [{ movieId: movie.movieId, rating }];
    if (app.store.isHidden(movie.movieId)) changes[0].hidden = false;
    const before = app.store.rating(movie.movieId);
    const undone = before == null ? `“${movie.title}” is not rated any more.` : `“${movie.title}” is back to ${fmtStars(before)}.`;
    return undoable(`Rated “${movie.title}” ${fmtStars(rating)}.`, changes, 'rate', undone);
  },
  clearRating(movie) {
    const before = app.store.rating(movie.movieId);
    const undone = before == null ? `“${movie.title}” is unchanged.` : `your ${fmtStars(before)} for “${movie.title}” is back.`;
    return undoable(`Removed your rating of “${movie.title}”.`, [{ movieId: movie.movieId, rating: null }], 'clear', undone);
  },
  hide(movie) {
    return undoable(`“${movie.title}” won’t be recommended.`, [{ movieId: movie.movieId, hidden: true }], 'hide', `“${movie.title}” can be recommended again.`);
  },
  unhide(movie) {
    return undoable(`“${movie.title}” can be recommended again.`, [{ movieId: movie.movieId, hidden: false }], 'unhide', `“${movie.title}” is hidden again.`);
  },
  /** The person's ratings, hidden movies and settings as a JSON file they download. */
  exportData() {
    const data = app.store.exportData((id) => app.lifecycle?.rec?.movies.get(id));
    download(`cinerec-my-data-${new Date().toISOString().slice(0, 10)}.json`, JSON.stringify(data, null, 2), 'application/json');
    toast(`Exported ${plural(data.ratings.length, 'rating')} and ${plural(data.hidden.length, 'hidden movie')}.`);
  },
  /** Many changes as one undoable step (imports); undone says what undoing restores. */
  batch(label, changes, undone = 'the import was reversed.') {
    return undoable(label, changes, 'import', undone);
  },
  undo: () => undo(),
};

/** Ctrl/Cmd+Z undoes the last change when the focus is not in a text field. */
document.addEventListener('keydown', (e) => {
  if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.key.toLowerCase() !== 'z') return;
  const t = e.target;
  if (t instanceof HTMLInputElement && t.type !== 'radio' && t.type !== 'checkbox') return;
  if (t instanceof HTMLTextAreaElement) return;
  if (!undoStack.length) return;
  e.preventDefault();
  undo();
});
