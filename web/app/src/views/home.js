// "For you": the first-visit welcome (a dozen well-known movies to rate, or
// skip to browsing) beside the recommendations.
import { app } from '../app.js';
import { h, fmtInt, plural } from '../dom.js';
import { movieCard } from '../components/movie.js';
import { pickStarters } from '../starters.js';
import { recommendationsPanel } from './recommendations.js';
import { catalogueYears } from '../catalogue.js';

let startersCache = null;

/** "9,066 movies from 1902 to 2016, rated 100,004 times by 671 people (MovieLens)". */
function catalogueLine(rec) {
  const info = rec.snapshotInfo;
  const { first, last } = catalogueYears(rec.movies);
  const years = first && last ? ` from ${first} to ${last}` : '';
  const source = info.source ? ` (${/movielens|dslabs/i.test(info.source) ? 'MovieLens' : info.source})` : '';
  return `This catalogue has ${plural(info.movies, 'movie')}${years}, rated ${fmtInt(info.ratings)} times by ${plural(info.users, 'person', 'people')}${source}.${last ? ` Films released after ${last} are not in it.` : ''}`;
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
    startersCache ??= pickStarters(rec.movies.all(), 12);
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
    const update = () => {
      const n = startersCache.filter((m) => store.rating(m.movieId) != null).length;
      counter.textContent = `${n} of ${startersCache.length} rated${n < 5 ? ` — ${5 - n} more for good picks` : ' — your picks are ready'}`;
      done.disabled = store.ratings.size === 0;
    };
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
      h('p', { class: 'muted' }, 'Rate a few of these well-known films you have seen (half stars are fine), or skip and browse them all.'),
      h('div', { class: 'grid starters' }, startersCache.map((m) => movieCard(m, { showHide: false }))),
      // After the starters in the page, and stuck to the bottom of the screen
      // while they scroll past: the way to the picks is always in reach.
      h('div', { class: 'welcome-actions' }, counter, h('div', { class: 'row' }, done, skip)),
    );
    update();
    store.addEventListener('change', update);
    document.body.classList.add('has-action-bar');
    cleanupWelcome = () => {
      store.removeEventListener('change', update);
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
