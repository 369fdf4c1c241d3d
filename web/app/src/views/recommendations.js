// The "Recommendations" region: filters, the top-N list (refreshed by fold-in
// after every rating), and "Retrain" with progress and cancel.
import { app, toast } from '../app.js';
import { h, replace, plural, fmtMs, field } from '../dom.js';
import { recItem } from '../components/movie.js';
import { progressBar } from '../components/progress.js';
import { FIRST_PICKS_MARK } from '../first-picks.js';

// "Hide very obscure": fewer ratings than this in the catalogue. 20, the
// floor of "Similar movies" (cinerec::Session::similar_floor): a film that
// 11 people rated is not a pick most people can judge.
export const OBSCURE_BELOW = 20;
const DECADES_FROM = 1910;

export function decadeOptions() {
  const now = new Date().getFullYear();
  const list = [];
  for (let d = Math.floor(now / 10) * 10; d >= DECADES_FROM; d -= 10) list.push(d);
  return list;
}

let firstRecsMarked = false;

/** The options of the "For you" list for the person's ratings and settings. */
export function listOptions(store, lifecycle, profile = lifecycle.profile()) {
  const decade = store.settings.recDecade ? Number(store.settings.recDecade) : null;
  return {
    ratings: profile,
    n: store.settings.n ?? 10,
    exclude: lifecycle.exclude(),
    genres: store.settings.recGenre ? [store.settings.recGenre] : undefined,
    yearMin: decade ?? undefined,
    yearMax: decade != null ? decade + 9 : undefined,
    minRatings: store.settings.hideObscure !== false ? OBSCURE_BELOW : 0,
  };
}

/** Builds the region; returns { el, dispose }. */
export function recommendationsPanel({ compact = false } = {}) {
  const { store, lifecycle } = app;
  const rec = lifecycle.rec;
  let seq = 0;
  const save = (key, value) => store.setSetting(key, value).catch((err) => toast(`Could not save the setting: ${err.message}`, { kind: 'error' }));
  let pendingSince = null;
  let disposed = false;

  const genreSelect = h(
    'select',
    { id: 'rec-genre', onchange: () => (save('recGenre', genreSelect.value), refresh()) },
    h('option', { value: '' }, 'All genres'),
    rec.movies.genres.filter((g) => g !== '(no genres listed)').map((g) => h('option', { value: g, selected: store.settings.recGenre === g }, g)),
  );
  const decadeSelect = h(
    'select',
    { id: 'rec-decade', onchange: () => (save('recDecade', decadeSelect.value), refresh()) },
    h('option', { value: '' }, 'Any decade'),
    decadeOptions().map((d) => h('option', { value: String(d), selected: String(store.settings.recDecade) === String(d) }, `${d}s`)),
  );
  const obscure = h('input', {
    type: 'checkbox',
    id: 'rec-obscure',
    checked: store.settings.hideObscure !== false,
    onchange: () => (save('hideObscure', obscure.checked), refresh()),
  });
  const filters = h(
    'div',
    { class: 'filters', role: 'group', 'aria-label': 'Recommendation filters' },
    field('Genre', genreSelect),
    field('Decade', decadeSelect),
    h('label', { class: 'check' }, obscure, h('span', {}, `Hide very obscure (under ${OBSCURE_BELOW} ratings)`)),
  );

  const status = h('p', { class: 'rec-status muted', role: 'status' });
  const firstTraining = progressBar();
  firstTraining.el.hidden = true;
  const list = h('ol', { class: 'rec-list', 'aria-label': 'Recommended movies' });
  const more = h(
    'button',
    { type: 'button', class: 'btn btn-quiet', hidden: true, onclick: () => (save('n', (store.settings.n ?? 10) + 10), refresh()) },
    'Show 10 more',
  );
  const retrain = retrainControl();

  const el = h(
    'section',
    { class: `panel recs${compact ? ' recs-compact' : ''}`, 'aria-label': 'Recommendations', id: 'recommendations' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'recs-h', tabindex: '-1' }, 'Recommendations'), h('p', { class: 'muted', id: 'recs-basis' })),
    filters,
    status,
    firstTraining.el,
    list,
    h('div', { class: 'panel-foot' }, more, retrain.el),
  );
  const basis = el.querySelector('#recs-basis');

  async function refresh() {
    if (disposed) return;
    const my = ++seq;
    const profile = lifecycle.profile();
    basis.textContent = profile.length
      ? `From your ${plural(profile.length, 'rating')}${store.hidden.size ? `, leaving out ${plural(store.hidden.size, 'hidden movie')}` : ''}.`
      : 'Popular and well liked, for now: rate a few movies to make these yours.';
    retrain.el.hidden = !lifecycle.hasModel || lifecycle.rec.isCatalogue; // a catalogue cannot retrain
    if (!lifecycle.hasModel) {
      const training = lifecycle.state === 'training';
      status.textContent = training
        ? 'Training the model in the background… your recommendations appear when it is ready. Rate and browse meanwhile.'
        : lifecycle.state === 'loading'
          ? 'Preparing the model…'
          : 'No model is trained yet. Train one in the Model lab.';
      firstTraining.el.hidden = !training;
      if (training) firstTraining.set(lifecycle.progress, lifecycle.job?.algorithm);
      more.hidden = true;
      el.setAttribute('aria-busy', 'true');
      return;
    }
    firstTraining.el.hidden = true;
    const opts = listOptions(store, lifecycle, profile);
    el.setAttribute('aria-busy', 'true');
    let items;
    try {
      // The first page's list may have been asked for before the page was built.
      items = await (lifecycle.primedList(opts) ?? rec.recommend(opts));
    } catch (err) {
      if (my !== seq || disposed) return;
      el.removeAttribute('aria-busy');
      status.textContent = `Could not compute recommendations: ${err.message}`;
      return;
    }
    if (my !== seq || disposed) return;
    // The stars come from the rating model (recommender-lifecycle.js), one call for the list.
    const stars = await lifecycle.predictStars(profile, items.map((r) => r.movieId)).catch(() => null);
    if (my !== seq || disposed) return;
    el.removeAttribute('aria-busy');
    replace(
      list,
      items.map((r, i) => recItem(r, i + 1, rec.movies.get(r.movieId), { stars: stars?.values[i] })),
    );
    list.dataset.starsFrom = stars?.algorithm ?? '';
    status.textContent = items.length
      ? ''
      : 'Nothing matches these filters. Try another genre or decade, or show obscure movies.';
    more.hidden = items.length < opts.n;
    el.dataset.updated = String(my);
    const now = performance.now();
    if (!firstRecsMarked) {
      firstRecsMarked = true;
      performance.mark(FIRST_PICKS_MARK);
    }
    if (pendingSince != null) {
      performance.measure('cinerec:rating-to-recommendations', { start: pendingSince, end: now });
      pendingSince = null;
    }
  }

  const onChange = (e) => {
    pendingSince ??= performance.now();
    refresh();
  };
  const onModel = () => refresh();
  const onState = () => {
    if (!lifecycle.hasModel) refresh();
  };
  store.addEventListener('change', onChange);
  lifecycle.addEventListener('model', onModel);
  lifecycle.addEventListener('rater', onModel);
  lifecycle.addEventListener('state', onState);
  refresh();

  return {
    el,
    refresh,
    dispose() {
      disposed = true;
      retrain.dispose();
      store.removeEventListener('change', onChange);
      lifecycle.removeEventListener('model', onModel);
      lifecycle.removeEventListener('rater', onModel);
      lifecycle.removeEventListener('state', onState);
    },
  };
}

/**
 * "Retrain with my ratings": fits the current algorithm again on the
 * snapshot's ratings plus the person's own (as one more user, inside the
 * worker). Between retrains their ratings enter by fold-in. Whatever trains
 * (here, in the lab, on first visit), the bar says what runs and how it ended.
 */
function retrainControl() {
  const { lifecycle } = app;
  const bar = progressBar();
  const button = h('button', { type: 'button', class: 'btn', onclick: start }, 'Retrain with my ratings');
  const cancel = h('button', { type: 'button', class: 'btn btn-quiet', hidden: true, onclick: () => lifecycle.cancelTraining() }, 'Cancel');
  const outcome = h('p', { class: 'small retrain-outcome', role: 'status' });
  const note = h(
    'p',
    { class: 'small muted retrain-note' },
    'Your ratings already shape this list at once (they are folded into the trained model). Retraining fits the model again on the catalogue together with your ratings, on this device; it runs in the background and you can keep browsing.',
  );
  const el = h('div', { class: 'retrain' }, h('div', { class: 'row' }, button, cancel), bar.el, outcome, note);
  bar.el.hidden = true;
  const shownSince = Date.now();

  const onState = () => {
    const training = lifecycle.state === 'training';
    button.disabled = training;
    cancel.hidden = !(training && lifecycle.job?.kind === 'train');
    bar.el.hidden = !training;
    if (training) {
      bar.set(lifecycle.progress, lifecycle.job?.algorithm);
      outcome.textContent = '';
    } else if (lifecycle.outcome && lifecycle.outcome.at >= shownSince && lifecycle.outcome.kind !== 'done') {
      outcome.textContent = lifecycle.outcome.message;
    }
  };
  lifecycle.addEventListener('state', onState);
  onState();

  async function start() {
    const { algorithm, params, seed } = lifecycle.currentChoice();
    const t0 = performance.now();
    try {
      const ratings = app.store.profile();
      await lifecycle.train({ algorithm, params, seed, ratings, purpose: 'retrain' });
      toast(`Retrained ${algorithm} with your ${plural(ratings.length, 'rating')} in ${fmtMs(performance.now() - t0)}. Recommendations updated.`);
    } catch (err) {
      if (err?.code === 'ABORTED') toast('Training cancelled. The previous model is still in use.');
      else toast(`Training failed: ${err.message}`, { kind: 'error', timeout: 0 });
    }
  }

  return { el, dispose: () => lifecycle.removeEventListener('state', onState) };
}
