// "My ratings": every rating (changeable and removable in place), the rating
// distribution, and the hidden movies.
import { app } from '../app.js';
import { h, replace, plural, fmtStars, field } from '../dom.js';
import { poster, movieHref, hideButton } from '../components/movie.js';
import { starRating } from '../components/star-rating.js';

const SORTS = {
  recent: { label: 'Recently rated', cmp: (a, b) => b.ts - a.ts },
  high: { label: 'Highest first', cmp: (a, b) => b.rating - a.rating || b.ts - a.ts },
  low: { label: 'Lowest first', cmp: (a, b) => a.rating - b.rating || b.ts - a.ts },
  title: { label: 'Title A–Z', cmp: (a, b, ma, mb) => ma.title.localeCompare(mb.title) },
};

// Made on first use: an Intl formatter built at module load costs the page's start (dom.js fmtInt).
let dateFmt = null;
const formatDate = (ts) => (dateFmt ??= new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })).format(ts);

function row(movie, when, control) {
  return h(
    'li',
    { class: 'rating-row', dataset: { movieId: String(movie.movieId) } },
    h('a', { href: movieHref(movie), tabindex: '-1', 'aria-hidden': 'true', class: 'rec-poster' }, poster(movie, { size: 'sm' })),
    h(
      'div',
      { class: 'rec-main' },
      h('h3', { class: 'rec-title' }, h('a', { href: movieHref(movie) }, movie.title), movie.year ? h('span', { class: 'year' }, ` ${movie.year}`) : null),
      h('p', { class: 'small muted' }, movie.genres.join(' · '), when ? ` · ${when}` : ''),
    ),
    h('div', { class: 'rec-side' }, control),
  );
}

export function renderRatings(main, params) {
  const { store, lifecycle } = app;
  const rec = lifecycle.rec;
  const sort = SORTS[params.get('sort')] ? params.get('sort') : 'recent';
  const body = h('div');

  function draw() {
    const ratings = [...store.ratings.values()].filter((r) => rec.movies.has(r.movieId));
    const missing = store.ratings.size - ratings.length;
    ratings.sort((a, b) => SORTS[sort].cmp(a, b, rec.movies.get(a.movieId), rec.movies.get(b.movieId)));
    const hidden = [...store.hidden.values()].filter((x) => rec.movies.has(x.movieId)).sort((a, b) => b.ts - a.ts);

    const dist = new Array(10).fill(0);
    for (const r of ratings) dist[Math.round(r.rating * 2) - 1]++;
    const maxBin = Math.max(1, ...dist);
    const mean = ratings.length ? ratings.reduce((s, r) => s + r.rating, 0) / ratings.length : 0;

    replace(
      body,
      ratings.length
        ? h(
            'div',
            { class: 'dist-wrap' },
            h(
              'figure',
              { class: 'dist' },
              h(
                'div',
                { class: 'dist-bars', role: 'img', 'aria-label': `Your ratings: ${dist.map((n, i) => `${n} at ${(i + 1) / 2}`).join(', ')}` },
                dist.map((n, i) => h('div', { class: 'dist-bar', title: `${n} × ${fmtStars((i + 1) / 2)}`, style: { height: `${(n / maxBin) * 100}%` } })),
              ),
              h('div', { class: 'dist-labels', 'aria-hidden': 'true' }, dist.map((_, i) => h('span', {}, (i + 1) % 2 === 0 ? `${(i + 1) / 2}★` : ''))),
              h('figcaption', { class: 'small muted' }, `${plural(ratings.length, 'rating')}, average ${mean.toFixed(2)}★`),
            ),
          )
        : null,
      missing ? h('p', { class: 'small muted' }, `${plural(missing, 'rating')} of movies not in this catalogue are kept but not shown.`) : null,
      ratings.length
        ? h(
            'ul',
            { class: 'rating-list', 'aria-label': 'My ratings' },
            ratings.map((r) => {
              const m = rec.movies.get(r.movieId);
              return row(m, r.ts ? formatDate(r.ts) : '', starRating(m, { compact: true }));
            }),
          )
        : h('div', { class: 'empty' }, h('p', {}, 'You have not rated anything yet.'), h('a', { class: 'btn btn-primary', href: '#/browse' }, 'Find movies to rate')),
      h(
        'section',
        { class: 'hidden-movies', 'aria-labelledby': 'hidden-h' },
        h('h2', { id: 'hidden-h' }, `Not interested (${hidden.length})`),
        hidden.length
          ? h('ul', { class: 'rating-list', 'aria-label': 'Hidden movies' }, hidden.map((x) => row(rec.movies.get(x.movieId), '', hideButton(rec.movies.get(x.movieId)))))
          : h('p', { class: 'muted' }, 'Movies you mark “Not interested” are listed here and never recommended.'),
      ),
    );
  }

  // Redraw on add/remove/undo; an in-place rating change keeps the list order stable.
  const onChange = (e) => {
    const ids = e.detail.movieIds;
    const structural = e.detail.kind !== 'rate' || ids.some((id) => !body.querySelector(`.rating-list [data-movie-id="${id}"]`));
    if (structural) draw();
  };
  store.addEventListener('change', onChange);
  draw();

  main.replaceChildren(
    h(
      'div',
      { class: 'ratings-page' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title' }, 'My ratings'),
        field(
          'Sort by',
          h(
            'select',
            { onchange: (e) => (location.hash = `#/ratings?sort=${e.target.value}`) },
            Object.entries(SORTS).map(([k, s]) => h('option', { value: k, selected: k === sort }, s.label)),
          ),
        ),
      ),
      body,
    ),
  );
  return () => store.removeEventListener('change', onChange);
}
