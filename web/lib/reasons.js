// The sentences for a person built from the core's explanations (docs/api.md
// "recommend"): recommend's `reason` and explain's result. `why` is the
// engine's explanation {score, summary, parts: [{kind: 'item'|'feature',
// item?, feature?, weight}]}; `profile` comes from validate.js toProfile.

// A rating at or above this counts as liked when choosing a reason.
const LIKED = 3.5;
const stars = (r) => `${Number.isInteger(r) ? r : r.toFixed(1)}★`;

/**
 * A short sentence: a movie they liked that pushed the score up, else
 * genres shared with what they liked.
 * @param {import('./catalog.js').Movies} movies
 */
export function reason(movies, why, profile, item) {
  if (!why) return '';
  const liked = (i) => profile.ratingOf.get(i) >= LIKED;
  const byItem = why.parts.find((p) => p.kind === 'item' && p.weight > 0 && liked(p.item));
  if (byItem) {
    const m = movies.at(byItem.item);
    return `because you rated ${m.title} ${stars(profile.ratingOf.get(byItem.item))}`;
  }
  const genres = [];
  for (const p of why.parts) {
    if (p.kind !== 'feature' || !(p.weight > 0)) continue;
    const f = p.feature.replace(/^genre:/, '');
    if (movies.genres.includes(f) && !genres.includes(f)) genres.push(f);
  }
  if (!genres.length && item !== undefined) {
    const counts = new Map();
    for (const [i] of profile.ratingOf) {
      if (!liked(i)) continue;
      for (const g of movies.at(i).genres) counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    const own = movies.at(item).genres.filter((g) => counts.has(g));
    own.sort((a, b) => counts.get(b) - counts.get(a));
    genres.push(...own);
  }
  if (genres.length) return `matches: ${genres.slice(0, 2).join(', ')}`;
  if (profile.items.length === 0 || why.parts.some((p) => p.kind === 'feature' && p.feature.startsWith('popularity')))
    return 'popular with viewers';
  return why.summary || '';
}

/** explain()'s result: the reason and the parts with movieIds and titles. */
export function explanation(movies, movieId, why, profile) {
  return {
    movieId,
    score: why.score,
    summary: why.summary,
    reason: reason(movies, why, profile, movies.itemOf(movieId)),
    parts: why.parts.map((p) =>
      p.kind === 'item'
        ? { kind: 'movie', movieId: movies.at(p.item).movieId, title: movies.at(p.item).title,
            rating: profile.ratingOf.get(p.item), weight: p.weight }
        : { kind: 'feature', feature: p.feature, weight: p.weight },
    ),
  };
}
