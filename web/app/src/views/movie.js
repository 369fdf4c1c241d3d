// Movie detail: facts, the user's rating, why it may suit them, similar movies.
// IMDb/TMDb are plain outbound links; nothing is fetched from them.
import { app } from '../app.js';
import { h, replace, fmtInt, fmtMean, fmtStars } from '../dom.js';
import { poster, cardGrid, hideButton } from '../components/movie.js';
import { starRating } from '../components/star-rating.js';

export function renderMovie(main, id) {
  const { lifecycle, store } = app;
  const rec = lifecycle.rec;
  const movie = rec.movies.get(Number(id));
  if (!movie) {
    main.replaceChildren(
      h('div', { class: 'empty' }, h('h1', {}, 'Movie not found'), h('p', {}, `There is no movie with id ${id} in this catalogue.`), h('a', { class: 'btn', href: '#/browse' }, 'Browse movies')),
    );
    return;
  }
  document.title = `${movie.title}${movie.year ? ` (${movie.year})` : ''} — cinerec`;

  const links = [];
  if (movie.imdbId) links.push(h('a', { href: `https://www.imdb.com/title/tt${String(movie.imdbId).padStart(7, '0')}/`, rel: 'noopener noreferrer', target: '_blank' }, 'IMDb'));
  if (movie.tmdbId) links.push(h('a', { href: `https://www.themoviedb.org/movie/${movie.tmdbId}`, rel: 'noopener noreferrer', target: '_blank' }, 'TMDb'));

  const forYou = h('div', { class: 'for-you', 'aria-live': 'polite' });
  const similar = h('div', { class: 'similar-body' }, h('p', { class: 'muted' }, 'Finding similar movies…'));

  main.replaceChildren(
    h(
      'article',
      { class: 'detail' },
      h('div', { class: 'detail-poster' }, poster(movie, { size: 'lg' })),
      h(
        'div',
        { class: 'detail-main' },
        h('h1', {}, movie.title, movie.year ? h('span', { class: 'year' }, ` ${movie.year}`) : null),
        h('ul', { class: 'genre-chips', 'aria-label': 'Genres' }, movie.genres.map((g) => h('li', {}, h('a', { class: 'chip', href: `#/browse?genre=${encodeURIComponent(g)}` }, g)))),
        h(
          'dl',
          { class: 'facts' },
          h('div', {}, h('dt', {}, 'Average rating'), h('dd', {}, movie.ratingCount ? `${fmtMean(movie.meanRating)} ★` : '–')),
          h('div', {}, h('dt', {}, 'Ratings'), h('dd', {}, fmtInt(movie.ratingCount))),
          movie.year ? h('div', {}, h('dt', {}, 'Year'), h('dd', {}, h('a', { href: `#/browse?decade=${Math.floor(movie.year / 10) * 10}` }, String(movie.year)))) : null,
          movie.runtime ? h('div', {}, h('dt', {}, 'Runtime'), h('dd', {}, `${movie.runtime} min`)) : null,
          movie.directors?.length
            ? h('div', { class: 'directors' }, h('dt', {}, movie.directors.length > 1 ? 'Directors' : 'Director'), h('dd', {}, movie.directors.join(', ')))
            : null,
        ),
        // TMDb details (snapshots built with --tmdb), as text.
        movie.overview ? h('p', { class: 'overview' }, movie.overview) : null,
        movie.cast?.length ? h('div', { class: 'cast' }, h('h2', { class: 'h-small' }, 'Cast'), h('p', {}, movie.cast.join(', '))) : null,
        movie.tags?.length
          ? h('div', { class: 'tags' }, h('h2', { class: 'h-small' }, 'Tags'), h('ul', { class: 'tag-list' }, movie.tags.map((t) => h('li', {}, t))))
          : null,
        h('div', { class: 'your-rating' }, h('h2', { class: 'h-small' }, 'Your rating'), starRating(movie), hideButton(movie, { small: false })),
        forYou,
        links.length ? h('p', { class: 'ext-links' }, 'Elsewhere: ', links.flatMap((a, i) => (i ? [' · ', a] : [a]))) : null,
      ),
    ),
    h('section', { class: 'similar', 'aria-labelledby': 'similar-h' }, h('h2', { id: 'similar-h' }, 'Similar movies'), similar),
  );

  let alive = true;
  async function explain() {
    if (!lifecycle.hasModel) {
      replace(forYou, h('p', { class: 'muted' }, 'The model is training; a prediction for you appears when it is ready.'));
      return;
    }
    const ratings = lifecycle.profile();
    const mine = store.rating(movie.movieId);
    if (!ratings.length) {
      replace(forYou, h('p', { class: 'muted' }, 'Rate a few movies to see how much you may like this one.'));
      return;
    }
    try {
      const others = ratings.filter((r) => r.movieId !== movie.movieId);
      if (!others.length) {
        replace(forYou);
        return;
      }
      const [stars, why] = await Promise.all([
        lifecycle.predictStars(others, [movie.movieId]).catch(() => null),
        rec.explain({ ratings: others, movieId: movie.movieId }),
      ]);
      if (!alive) return;
      const predicted = stars?.values[0];
      const label = Number.isFinite(predicted)
        ? `We think you'd rate it ${fmtStars(Math.round(predicted * 2) / 2)}${mine != null ? ` (you gave ${fmtStars(mine)})` : ''}`
        : 'Why it may suit you';
      replace(
        forYou,
        h('h2', { class: 'h-small' }, 'For you'),
        h('p', { class: 'prediction' }, label),
        why?.reason ? h('p', { class: 'reason' }, why.reason) : null,
        why?.parts?.length
          ? h(
              'ul',
              { class: 'why' },
              why.parts.slice(0, 4).map((p) => {
                // web/lib's sentence, with the rated movie's title as a link.
                const at = p.kind === 'movie' ? p.text.indexOf(p.title) : -1;
                return at < 0
                  ? h('li', {}, p.text)
                  : h('li', {}, p.text.slice(0, at), h('a', { href: `#/movie/${p.movieId}` }, p.title), p.text.slice(at + p.title.length));
              }),
            )
          : null,
      );
    } catch (err) {
      if (alive) replace(forYou, h('p', { class: 'muted' }, `No prediction: ${err.message}`));
    }
  }

  // From the catalogue's ratings (web/lib similar, by: 'ratings'): no model needed.
  async function loadSimilar() {
    try {
      const items = await rec.similar(movie.movieId, { n: 12 });
      if (!alive) return;
      replace(similar, items.length ? cardGrid(items.map((s) => rec.movies.get(s.movieId) ?? s)) : h('p', { class: 'muted' }, 'No similar movies found.'));
    } catch (err) {
      if (alive) replace(similar, h('p', { class: 'muted' }, `Could not find similar movies: ${err.message}`));
    }
  }

  explain();
  loadSimilar();
  const onChange = () => explain();
  const onModel = () => explain();
  store.addEventListener('change', onChange);
  lifecycle.addEventListener('model', onModel);
  lifecycle.addEventListener('rater', onModel);
  return () => {
    alive = false;
    store.removeEventListener('change', onChange);
    lifecycle.removeEventListener('model', onModel);
    lifecycle.removeEventListener('rater', onModel);
  };
}
