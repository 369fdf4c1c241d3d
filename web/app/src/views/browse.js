// Browse (genre, decade, sort) and search results.
import { app } from '../app.js';
import { h, replace, fmtInt, decadeOf, plural, field } from '../dom.js';
import { cardGrid } from '../components/movie.js';
import { decadeOptions } from './recommendations.js';

const PAGE = 48;
const MIN_FOR_AVERAGE = 20; // "highest rated" only ranks movies with this many ratings

const SORTS = {
  popular: { label: 'Most rated', cmp: (a, b) => b.ratingCount - a.ratingCount },
  rating: {
    label: 'Highest rated',
    cmp: (a, b) => (b.meanRating ?? 0) - (a.meanRating ?? 0) || b.ratingCount - a.ratingCount,
  },
  newest: { label: 'Newest', cmp: (a, b) => (b.year ?? 0) - (a.year ?? 0) || b.ratingCount - a.ratingCount },
  oldest: { label: 'Oldest', cmp: (a, b) => (a.year ?? 9999) - (b.year ?? 9999) || b.ratingCount - a.ratingCount },
  title: { label: 'Title A–Z', cmp: (a, b) => a.title.localeCompare(b.title) },
};

export function renderBrowse(main, params) {
  const rec = app.lifecycle.rec;
  const genre = params.get('genre') ?? '';
  const decade = params.get('decade') ?? '';
  const sort = SORTS[params.get('sort')] ? params.get('sort') : 'popular';
  let shown = PAGE;

  const go = (changes) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) v ? next.set(k, v) : next.delete(k);
    location.hash = `#/browse?${next}`;
  };

  let movies = rec.movies.all();
  if (genre) movies = movies.filter((m) => m.genres.includes(genre));
  if (decade) movies = movies.filter((m) => decadeOf(m.year) === Number(decade));
  if (sort === 'rating') movies = movies.filter((m) => m.ratingCount >= MIN_FOR_AVERAGE);
  movies = [...movies].sort(SORTS[sort].cmp);

  const genres = rec.movies.genres.filter((g) => g !== '(no genres listed)');
  const chips = h(
    'div',
    { class: 'chips', role: 'group', 'aria-label': 'Genre' },
    [['', 'All'], ...genres.map((g) => [g, g])].map(([value, label]) =>
      h('button', { type: 'button', class: 'chip', 'aria-pressed': String(genre === value), onclick: () => go({ genre: value }) }, label),
    ),
  );
  const decadeSelect = h(
    'select',
    { onchange: (e) => go({ decade: e.target.value }) },
    h('option', { value: '' }, 'Any decade'),
    decadeOptions().map((d) => h('option', { value: String(d), selected: String(d) === decade }, `${d}s`)),
  );
  const sortSelect = h(
    'select',
    { onchange: (e) => go({ sort: e.target.value === 'popular' ? '' : e.target.value }) },
    Object.entries(SORTS).map(([k, s]) => h('option', { value: k, selected: k === sort }, s.label)),
  );

  const grid = h('div');
  const more = h('button', { type: 'button', class: 'btn', onclick: () => { shown += PAGE; draw(); } }, 'Show more');
  const count = h('p', { class: 'muted', role: 'status' });
  function draw() {
    replace(grid, cardGrid(movies.slice(0, shown)));
    more.hidden = shown >= movies.length;
    count.textContent = `${plural(movies.length, 'movie')}${sort === 'rating' ? ` with at least ${MIN_FOR_AVERAGE} ratings` : ''}, showing ${fmtInt(Math.min(shown, movies.length))}.`;
  }
  draw();

  main.replaceChildren(
    h(
      'div',
      { class: 'browse' },
      h('h1', { class: 'page-title' }, genre ? `${genre}${decade ? ` of the ${decade}s` : ''}` : decade ? `Movies of the ${decade}s` : 'Browse'),
      chips,
      h(
        'div',
        { class: 'filters' },
        field('Decade', decadeSelect),
        field('Sort by', sortSelect),
      ),
      count,
      grid,
      h('div', { class: 'center' }, more),
    ),
  );
}

export function renderSearch(main, params) {
  const rec = app.lifecycle.rec;
  const q = (params.get('q') ?? '').trim();
  const input = document.getElementById('search-input');
  if (input && document.activeElement !== input) input.value = q;
  if (!q) {
    main.replaceChildren(h('div', { class: 'browse' }, h('h1', { class: 'page-title' }, 'Search'), h('p', { class: 'muted' }, 'Type a title in the search field above. Typos are fine, and a year narrows it down: “heat 1995”, “godfathr”.')));
    return;
  }
  const results = rec.movies.search(q, { limit: 60 });
  main.replaceChildren(
    h(
      'div',
      { class: 'browse' },
      h('h1', { class: 'page-title' }, `Results for “${q}”`),
      h('p', { class: 'muted', role: 'status' }, results.length ? `${plural(results.length, 'movie')} found.` : 'No movie matches. Check the spelling, drop the year, or browse by genre.'),
      results.length ? cardGrid(results) : h('a', { class: 'btn', href: '#/browse' }, 'Browse all movies'),
    ),
  );
}
