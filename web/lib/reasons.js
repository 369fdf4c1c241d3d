// The sentences a person reads about a recommendation, written here and
// nowhere else: recommend's `reason` and the parts of explain's result. The
// core sends structure only (cinerec::to_json(Why), cpp/include/cinerec/
// session.hpp): {score, parts: [{kind, item?, name?, weight}]}, strongest
// first, where kind is 'movie' (item: a rated movie's index), 'genre',
// 'tag', 'word', 'decade', 'director', 'cast', 'keyword', 'plot-word' (the
// last four from TMDb details), 'group' (with a name), or 'popularity',
// 'movie-mean', 'user-mean', 'similar-user', 'which-rated'. `profile` comes
// from validate.js toProfile.

// A rating at or above this counts as liked when choosing a reason.
const LIKED = 3.5;
const stars = (r) => `${Number.isInteger(r) ? r : r.toFixed(1)}★`;
// n is a count: grouped by hand ("1,234"), as toLocaleString('en') would, without
// its first-call cost (~50 ms to load the locale data in Node, on the first recommendations).
const grouped = (n) => (Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en'));
const plural = (n, one, many = `${one}s`) => `${grouped(n)} ${n === 1 ? one : many}`;

/**
 * A short sentence: a movie they liked that pushed the score up, else the
 * genres it shares with what they liked, else what else drove it.
 * @param {import('./catalog.js').Movies} movies
 */
export function reason(movies, why, profile, item) {
  if (!why) return '';
  const liked = (i) => profile.ratingOf.get(i) >= LIKED;
  const up = why.parts.filter((p) => p.weight > 0);
  const byMovie = up.find((p) => p.kind === 'movie' && liked(p.item));
  if (byMovie) return `because you rated ${movies.at(byMovie.item).title} ${stars(profile.ratingOf.get(byMovie.item))}`;
  const genres = [];
  for (const p of up) if (p.kind === 'genre' && movies.genres.includes(p.name) && !genres.includes(p.name)) genres.push(p.name);
  if (!genres.length && item !== undefined && profile.items.length) {
    const counts = new Map();
    for (const [i] of profile.ratingOf) {
      if (!liked(i)) continue;
      for (const g of movies.at(i).genres) counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    const own = movies.at(item).genres.filter((g) => counts.has(g));
    own.sort((a, b) => counts.get(b) - counts.get(a));
    genres.push(...own);
  }
  // A person in common says more than a shared genre.
  const person = up.find((p) => p.kind === 'director' || p.kind === 'cast');
  if (person) return person.kind === 'director' ? `same director: ${person.name}` : `with ${person.name}`;
  if (genres.length) return `matches: ${genres.slice(0, 2).join(', ')}`;
  const keyword = up.find((p) => p.kind === 'keyword');
  if (keyword) return `about “${keyword.name}”, like movies you liked`;
  const tag = up.find((p) => p.kind === 'tag');
  if (tag) return `tagged “${tag.name}”, like movies you liked`;
  if (profile.items.length === 0 && item !== undefined) {
    // The popular list (cinerec::Session::popular): many ratings, a high mean.
    const m = movies.at(item);
    if (m.ratingCount > 0 && Number.isFinite(m.meanRating))
      return `popular and well liked: ${m.meanRating.toFixed(1)}★ from ${plural(m.ratingCount, 'rating')}`;
  }
  if (profile.items.length === 0 || up.some((p) => p.kind === 'popularity')) return 'popular with viewers';
  if (up.some((p) => p.kind === 'similar-user' || p.kind === 'group')) return 'liked by people with similar taste';
  if (up.some((p) => p.kind === 'movie-mean')) return 'rated highly by viewers';
  return '';
}

// One line per part, in plain words.
function partText(p, movie, rating) {
  switch (p.kind) {
    case 'movie':
      // Which way it pulled: a movie rated low counts against a similar one.
      return `You rated ${movie.title} ${stars(rating)} (${p.weight < 0 ? 'against it' : 'in its favour'})`;
    case 'genre':
      return `Genre: ${p.name}`;
    case 'tag':
      return `Tagged “${p.name}”`;
    case 'word':
      return `Title word “${p.name}”`;
    case 'decade':
      return `From the ${p.name}`;
    case 'director':
      return `Same director: ${p.name}`;
    case 'cast':
      return `With ${p.name}`;
    case 'keyword':
      return `About “${p.name}”`;
    case 'plot-word':
      return `Plot mentions “${p.name}”`;
    case 'popularity':
      // popularity's part is its count; a learned model's (ltr) can pull either
      // way: down for a film so widely seen that the person likely knows it.
      if (p.weight >= 1 && Number.isInteger(p.weight)) return `Rated by ${plural(p.weight, 'viewer')}`;
      return p.weight < 0 ? 'Very widely seen (counts against it)' : 'Popular with viewers';
    case 'movie-mean':
      return p.weight >= 0 ? 'Rated above average by viewers' : 'Rated below average by viewers';
    case 'user-mean':
      return p.weight >= 0 ? 'You tend to rate generously' : 'You tend to rate strictly';
    case 'similar-user':
      return 'Someone with similar taste rated it';
    case 'group':
      return 'How people who rate like you rate movies like this';
    case 'which-rated':
      return 'Which movies you chose to rate';
    default:
      return p.name ?? p.kind;
  }
}

/** explain()'s result: the reason and the parts with movieIds, titles and words. */
export function explanation(movies, movieId, why, profile) {
  return {
    movieId,
    score: why.score,
    reason: reason(movies, why, profile, movies.itemOf(movieId)),
    parts: why.parts.map((p) => {
      if (p.kind === 'movie') {
        const m = movies.at(p.item);
        const rating = profile.ratingOf.get(p.item);
        return { kind: 'movie', movieId: m.movieId, title: m.title, rating, weight: p.weight, text: partText(p, m, rating) };
      }
      const part = { kind: p.kind, weight: p.weight, text: partText(p) };
      if (p.name !== undefined) part.name = p.name;
      return part;
    }),
  };
}
