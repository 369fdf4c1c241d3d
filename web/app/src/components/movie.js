// Movie presentation: a generated poster (no images are fetched from anywhere),
// cards for grids, rows for the recommendation list, and the "Not interested"
// button. Every title goes in as text.
import { app } from '../app.js';
import { h, fmtInt, fmtMean, plural } from '../dom.js';
import { starRating } from './star-rating.js';

const GENRE_HUES = {
  Action: 12, Adventure: 32, Animation: 188, Children: 48, "Children's": 48, Comedy: 44, Crime: 356,
  Documentary: 160, Drama: 262, Fantasy: 292, 'Film-Noir': 222, Horror: 340, IMAX: 200, Musical: 318,
  Mystery: 244, Romance: 328, 'Sci-Fi': 178, Thriller: 206, War: 96, Western: 26,
};

function hash(n) {
  let x = (n * 2654435761) >>> 0;
  x ^= x >>> 15;
  return x;
}

/** The first letter that is not part of a leading article: "The Matrix" → "M". */
function initial(title) {
  const t = String(title).replace(/^(the|a|an)\s+/i, '').replace(/^[^\p{L}\p{N}]+/u, '');
  return (t[0] ?? '?').toUpperCase();
}

/** A poster-like tile typeset from the title, coloured by the movie's genres. */
export function poster(movie, { size = 'md' } = {}) {
  const hues = movie.genres.map((g) => GENRE_HUES[g]).filter((x) => x != null);
  const r = hash(movie.movieId);
  const a = hues[0] ?? r % 360;
  const b = hues[1] ?? (a + 40 + (r % 60)) % 360;
  const angle = 140 + (r % 80);
  const el = h(
    'div',
    { class: `poster poster-${size}`, 'aria-hidden': 'true' },
    size === 'sm'
      ? h('span', { class: 'poster-initial' }, initial(movie.title))
      : h('span', { class: 'poster-title' }, movie.title),
    movie.year ? h('span', { class: 'poster-year' }, String(movie.year)) : null,
  );
  el.style.setProperty('--poster-bg', `linear-gradient(${angle}deg, hsl(${a} 55% 30%), hsl(${b} 60% 16%))`);
  el.style.setProperty('--poster-accent', `hsl(${a} 80% 70%)`);
  return el;
}

export const movieHref = (movie) => `#/movie/${movie.movieId}`;

export function communityRating(movie) {
  if (!movie.ratingCount) return h('span', { class: 'community muted' }, 'No ratings yet');
  return h(
    'span',
    { class: 'community', title: `Average of ${plural(movie.ratingCount, 'rating')}` },
    h('span', { class: 'avg' }, `★ ${fmtMean(movie.meanRating)}`),
    h('span', { class: 'count' }, ` · ${plural(movie.ratingCount, 'rating')}`),
  );
}

/** <hide-toggle>: "Not interested" / "Unhide", kept in sync with the store. */
class HideToggle extends HTMLElement {
  movie = null;
  #button = null;
  #onChange = (e) => {
    const ids = e.detail.movieIds;
    if (!ids.length || ids.includes(this.movie.movieId)) this.#sync();
  };
  connectedCallback() {
    this.#button ??= h('button', {
      type: 'button',
      class: `btn btn-quiet${this.hasAttribute('small') ? ' btn-small' : ''}`,
      onclick: () => (app.store.isHidden(this.movie.movieId) ? app.actions.unhide(this.movie) : app.actions.hide(this.movie)),
    });
    this.replaceChildren(this.#button);
    this.#sync();
    app.store.addEventListener('change', this.#onChange);
  }
  disconnectedCallback() {
    app.store.removeEventListener('change', this.#onChange);
  }
  #sync() {
    const hidden = app.store.isHidden(this.movie.movieId);
    this.#button.textContent = hidden ? 'Unhide' : 'Not interested';
    this.#button.setAttribute(
      'aria-label',
      hidden ? `Unhide “${this.movie.title}” (show it in recommendations again)` : `Not interested in “${this.movie.title}”`,
    );
    this.closest('.card')?.classList.toggle('is-hidden', hidden);
  }
}
customElements.define('hide-toggle', HideToggle);

export function hideButton(movie, { small = true } = {}) {
  const el = document.createElement('hide-toggle');
  if (small) el.setAttribute('small', '');
  el.movie = movie;
  return el;
}

/**
 * A card: the poster beside the title, year, community rating, the user's
 * rating control and "Not interested" (a row, so the 240 px of stars fit
 * a phone's width and a desktop column alike).
 */
export function movieCard(movie, { showHide = true } = {}) {
  const card = h(
    'article',
    { class: 'card', dataset: { movieId: String(movie.movieId) } },
    h('a', { class: 'card-poster', href: movieHref(movie), tabindex: '-1', 'aria-hidden': 'true' }, poster(movie)),
    h(
      'div',
      { class: 'card-body' },
      h('a', { class: 'card-link', href: movieHref(movie) }, h('span', { class: 'card-title' }, movie.title)),
      h('p', { class: 'card-meta' }, movie.year ? `${movie.year}` : 'Year unknown', ' · ', communityRating(movie)),
      starRating(movie, { compact: true }),
      showHide ? hideButton(movie) : null,
    ),
  );
  card.classList.toggle('is-hidden', app.store.isHidden(movie.movieId));
  return card;
}

// Cards are built a dozen at a time, one task each, so a long grid never
// holds the page for long (48 cards with their 480 stars took 340 ms in one
// task on a busy 2-core machine while a model trained).
const CARDS_PER_TASK = 12;

export function cardGrid(movies, opts) {
  const grid = h('div', { class: 'grid' }, movies.slice(0, CARDS_PER_TASK).map((m) => movieCard(m, opts)));
  let at = CARDS_PER_TASK;
  const more = () => {
    if (at >= movies.length) return;
    grid.append(...movies.slice(at, at + CARDS_PER_TASK).map((m) => movieCard(m, opts)));
    at += CARDS_PER_TASK;
    setTimeout(more, 0);
  };
  if (movies.length > at) setTimeout(more, 0);
  return grid;
}

export function genreList(movie) {
  return movie.genres.length ? movie.genres.join(' · ') : 'No genre listed';
}

/** One row of the recommendation list; `stars`: the predicted rating, if any. */
export function recItem(rec, rank, movie, { stars = null } = {}) {
  const m = movie ?? rec;
  return h(
    'li',
    { class: 'rec', dataset: { movieId: String(m.movieId) } },
    h('span', { class: 'rank', 'aria-hidden': 'true' }, String(rank)),
    h('a', { href: movieHref(m), class: 'rec-poster', tabindex: '-1', 'aria-hidden': 'true' }, poster(m, { size: 'sm' })),
    h(
      'div',
      { class: 'rec-main' },
      h('h3', { class: 'rec-title' }, h('a', { href: movieHref(m) }, m.title), m.year ? h('span', { class: 'year' }, ` ${m.year}`) : null),
      h('p', { class: 'rec-genres' }, genreList(m)),
      rec.reason ? h('p', { class: 'reason' }, rec.reason) : null,
    ),
    h(
      'div',
      { class: 'rec-side' },
      Number.isFinite(stars)
        ? h('span', { class: 'predicted', title: 'The rating we predict you would give' }, `${stars.toFixed(1)}★ predicted`)
        : null,
      starRating(m, { compact: true }),
      hideButton(m),
    ),
  );
}
