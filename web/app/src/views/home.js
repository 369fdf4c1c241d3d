// "For you": the first-visit welcome (a dozen well-known movies to rate, or
// skip to browsing) beside the recommendations.
import { app } from '../app.js';
import { h, fmtInt } from '../dom.js';
import { movieCard } from '../components/movie.js';
import { pickStarters } from '../starters.js';
import { recommendationsPanel } from './recommendations.js';

let startersCache = null;

export function renderHome(main) {
  const { store, lifecycle } = app;
  const rec = lifecycle.rec;
  const showWelcome = !store.settings.welcomeDone && store.ratings.size < 5;
  const panel = recommendationsPanel();
  const page = h('div', { class: `home${showWelcome ? ' has-welcome' : ''}` });
  let cleanupWelcome = () => {};

  if (showWelcome) {
    startersCache ??= pickStarters(rec.movies.all(), 12);
    const counter = h('p', { class: 'counter', role: 'status' });
    const done = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-primary',
        onclick: async () => {
          await store.setSetting('welcomeDone', true);
          document.getElementById('recommendations')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
          welcome.remove();
          page.classList.remove('has-welcome');
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
      counter.textContent = `${n} of ${startersCache.length} rated${n < 5 ? ` — ${5 - n} more for good picks` : ' — nice, your picks are ready'}`;
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
      h(
        'p',
        { class: 'muted' },
        `Rate a few of these well-known films you have seen (half stars are fine), or skip and browse ${fmtInt(rec.movies.count)} movies.`,
      ),
      h('div', { class: 'welcome-actions' }, counter, h('div', { class: 'row' }, done, skip)),
      h('div', { class: 'grid starters' }, startersCache.map((m) => movieCard(m, { showHide: false }))),
    );
    update();
    store.addEventListener('change', update);
    cleanupWelcome = () => store.removeEventListener('change', update);
    page.append(welcome);
  } else {
    page.append(h('h1', { class: 'page-title' }, store.ratings.size ? 'Picked for you' : 'Popular picks'));
  }
  page.append(panel.el);
  main.replaceChildren(page);
  return () => {
    cleanupWelcome();
    panel.dispose();
  };
}
