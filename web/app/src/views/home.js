// "For you": the first-visit welcome (a dozen well-known movies to rate, or
// skip to browsing) beside the recommendations.
import { app } from '../app.js';
import { h, fmtInt, plural } from '../dom.js';
import { movieCard } from '../components/movie.js';
import { INITIAL_ASKS, MAX_ASKS, adaptAsks, informativeOrder } from '../onboarding.js';
import { STARTER_POOL } from '../starters.js';
import { recommendationsPanel } from './recommendations.js';
import { catalogueYears } from '../catalogue.js';

// The welcome's asks for this visit: the films on screen (in order) and the
// "haven't seen it" answers. Kept in memory only, not in the store: they only
// steer which films to ask next (and hide nothing anywhere else); a welcome
// lasts one sitting, and a reload starts again from the static asks.
let onboard = null;

/** "9,066 movies from 1902 to 2016, rated 100,004 times by 671 people (MovieLens)". A catalogue
 * (no ratings inside, a model trained ahead) counts the ratings its statistics and model come from. */
function catalogueLine(rec) {
  const info = rec.snapshotInfo;
  const { first, last } = catalogueYears(rec.movies);
  const years = first && last ? ` from ${first} to ${last}` : '';
  const source = info.source ? ` (${/movielens|dslabs/i.test(info.source) ? 'MovieLens' : info.source})` : '';
  const by = rec.isCatalogue && info.ratedBy ? info.ratedBy : info;
  return `This catalogue has ${plural(info.movies, 'movie')}${years}, rated ${fmtInt(by.ratings)} times by ${plural(by.users, 'person', 'people')}${source}.${last ? ` Films released after ${last} are not in it.` : ''}`;
}

export function renderHome(main) {
  const { store, lifecycle } = app;
  const rec = lifecycle.rec;
  const showWelcome = !store.settings.welcomeDone && store.ratings.size < 5;
  const panel = recommendationsPanel();
  const page = h('div', { class: `home${showWelcome ? ' has-welcome' : ''}` });
  let cleanupWelcome = () => {};
  const title = () => h('h1', { class: 'page-title', id: 'home-h', tabindex: '-1' }, store.ratings.size ? 'Picked for you' : 'Popular picks');

  if (showWelcome) {
    if (!onboard) {
      const informative = informativeOrder(rec.movies.popular({ limit: STARTER_POOL }), { count: MAX_ASKS }).map((m) => m.movieId);
      onboard = { informative, asks: informative.slice(0, INITIAL_ASKS), unseen: new Set() };
    }
    const counter = h('p', { class: 'counter', role: 'status' });
    const done = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-primary',
        onclick: async () => {
          // Leave the welcome first, then go to the list's heading: with the
          // starters gone, the first picks are on the first screen.
          welcome.remove();
          document.body.classList.remove('has-action-bar');
          page.classList.remove('has-welcome');
          page.prepend(title());
          const heading = panel.el.querySelector('h2');
          heading.scrollIntoView({ block: 'start' });
          heading.focus({ preventScroll: true });
          await store.setSetting('welcomeDone', true);
        },
      },
      'Show my recommendations',
    );
    const skip = h(
      'a',
      {
        class: 'btn',
        href: '#/browse',
        onclick: () => store.setSetting('welcomeDone', true),
      },
      'Skip to browsing',
    );
    const grid = h('div', { class: 'grid starters' });
    const update = () => {
      const n = onboard.asks.filter((id) => store.rating(id) != null).length;
      const unseen = onboard.asks.filter((id) => onboard.unseen.has(id)).length;
      counter.textContent = `${n} of ${onboard.asks.length} rated${unseen ? `, ${unseen} not seen` : ''}${n < 5 ? ` — ${5 - n} more for good picks` : ' — your picks are ready'}`;
      done.disabled = store.ratings.size === 0;
      grid.dataset.answered = String(n + unseen);
      // A rated film was seen: its card needs no "Haven't seen it".
      for (const [id, card] of cards) card.querySelector('.unseen-toggle').hidden = store.rating(id) != null && !onboard.unseen.has(id);
    };
    const cards = new Map(); // movieId → card
    const syncs = new Map(); // movieId → redraws its "Haven't seen it"
    const answered = (id) => store.rating(id) != null || onboard.unseen.has(id);
    const starterCard = (id) => {
      const movie = rec.movies.get(id);
      const card = movieCard(movie, { showHide: false });
      card.classList.add('starter');
      const unseen = h('button', { type: 'button', class: 'btn btn-small unseen-toggle', 'aria-pressed': 'false' }, "Haven't seen it");
      const sync = () => {
        const on = onboard.unseen.has(id);
        unseen.setAttribute('aria-pressed', String(on));
        unseen.textContent = on ? "Not seen — undo" : "Haven't seen it";
        unseen.setAttribute('aria-label', on ? `Undo "haven't seen" for ${movie.title}` : `Haven't seen ${movie.title}`);
        card.classList.toggle('is-unseen', on);
      };
      unseen.addEventListener('click', () => {
        if (onboard.unseen.has(id)) onboard.unseen.delete(id);
        else onboard.unseen.add(id);
        sync();
        update();
        adapt();
      });
      sync();
      syncs.set(id, sync);
      card.querySelector('.card-body').append(unseen);
      cards.set(id, card);
      return card;
    };
    // Patch the grid position by position: a card that stays is never moved
    // or re-inserted (it keeps its place and the focus).
    const draw = () => {
      onboard.asks.forEach((id, k) => {
        const card = cards.get(id) ?? starterCard(id);
        const at = grid.children[k];
        if (at === card) return;
        if (at) at.replaceWith(card);
        else grid.append(card);
      });
      while (grid.children.length > onboard.asks.length) grid.lastElementChild.remove();
      for (const id of [...cards.keys()]) {
        if (onboard.asks.includes(id)) continue;
        cards.delete(id);
        syncs.delete(id);
      }
    };
    // After each answer: answered cards stay; unanswered ones after the last
    // answered card are replaced (in place, same size: nothing above moves)
    // by the strategy's next asks, and one more is added per answer, up to
    // MAX_ASKS. A card that holds the focus is kept. Until the model is ready
    // the static asks stay.
    let generation = 0;
    const adapt = async () => {
      if (!lifecycle.ready || !rec.model) return;
      const gen = ++generation;
      grid.dataset.asking = ''; // tests wait for the asks to settle
      const last = onboard.asks.reduce((at, id, k) => (answered(id) ? k : at), -1);
      const keep = onboard.asks.filter((id, k) => k <= last || answered(id) || cards.get(id)?.contains(document.activeElement));
      const nAnswered = onboard.asks.filter(answered).length;
      const target = Math.min(MAX_ASKS, INITIAL_ASKS + nAnswered);
      const answers = { rated: new Map([...store.ratings.values()].map((r) => [r.movieId, r.rating])), unseen: onboard.unseen };
      let fresh;
      try {
        fresh = await adaptAsks(rec, { answers, informative: onboard.informative, asked: new Set(keep), n: target - keep.length });
      } catch {
        fresh = null; // the static asks stay
      }
      if (gen !== generation) return;
      delete grid.dataset.asking;
      if (!fresh || !grid.isConnected) return;
      // Positions kept: the unanswered cards after the last answer take the new asks in order.
      const next = [];
      let f = 0;
      for (const id of onboard.asks) {
        if (keep.includes(id)) next.push(id);
        else if (f < fresh.length) next.push(fresh[f++]);
      }
      while (f < fresh.length && next.length < MAX_ASKS) next.push(fresh[f++]);
      onboard.asks = next;
      draw();
      update();
    };
    let lastRated = null;
    const onChange = () => {
      // Rating a film marked "haven't seen" means it was seen after all.
      for (const id of [...onboard.unseen]) {
        if (store.rating(id) == null) continue;
        onboard.unseen.delete(id);
        syncs.get(id)?.();
      }
      update();
      const rated = onboard.asks.filter((id) => store.rating(id) != null).join(',');
      if (rated !== lastRated) {
        lastRated = rated;
        adapt();
      }
    };
    draw();
    update();
    lastRated = onboard.asks.filter((id) => store.rating(id) != null).join(',');
    const welcome = h(
      'section',
      { class: 'welcome', 'aria-labelledby': 'welcome-h' },
      h('h1', { id: 'welcome-h' }, 'Find your next favourite film.'),
      h(
        'p',
        { class: 'lede' },
        'Everything you rate stays on this device: cinerec learns your taste right here in your browser and sends nothing anywhere.',
      ),
      h('p', { class: 'muted catalogue-line' }, catalogueLine(rec)),
      h('p', { class: 'muted' }, 'Rate a few of these well-known films you have seen (half stars are fine) or mark the ones you haven\'t: the next films to ask about follow your answers. Or skip and browse them all.'),
      grid,
      // After the starters in the page, and stuck to the bottom of the screen
      // while they scroll past: the way to the picks is always in reach.
      h('div', { class: 'welcome-actions' }, counter, h('div', { class: 'row' }, done, skip)),
    );
    update();
    store.addEventListener('change', onChange);
    document.body.classList.add('has-action-bar');
    cleanupWelcome = () => {
      store.removeEventListener('change', onChange);
      document.body.classList.remove('has-action-bar');
    };
    page.append(welcome);
  } else {
    page.append(title());
  }
  page.append(panel.el);
  main.replaceChildren(page);
  return () => {
    cleanupWelcome();
    panel.dispose();
  };
}
