// The first-visit picks: well-known movies that span genres and decades,
// computed from the catalogue (most rated per decade and genre), not a fixed list.
import { decadeOf } from './dom.js';

/**
 * How many of the most rated movies the picks are chosen from: the pool below
 * reads the 200 most rated and the best of each decade among those at least
 * as rated as the 401st, so the 1,000 most rated give the picks that the
 * whole catalogue gives (unless 600 movies tie with the 401st), and a
 * 59,047-movie catalogue does not become 59,047 objects on a first visit.
 */
export const STARTER_POOL = 1000;

/**
 * Greedy choice over the most-rated movies: each step takes the movie whose
 * popularity, weighted by how many new genres and whether a new decade it
 * brings, is highest. Deterministic for a catalogue. `movies`: the catalogue's
 * movies, or its STARTER_POOL most rated (rec.movies.popular).
 */
export function pickStarters(movies, count = 12) {
  const rated = movies.filter((m) => m.ratingCount > 0);
  if (!rated.length) return [];
  const sorted = [...rated].sort((a, b) => b.ratingCount - a.ratingCount || a.movieId - b.movieId);
  const pool = sorted.slice(0, Math.max(200, count * 10));
  // Well-known in its own decade: the most rated movie of each decade joins the pool.
  const bestOfDecade = new Map();
  for (const m of sorted) {
    const d = decadeOf(m.year);
    if (d && !bestOfDecade.has(d) && m.ratingCount >= sorted[Math.min(sorted.length - 1, 400)].ratingCount) bestOfDecade.set(d, m);
  }
  for (const m of bestOfDecade.values()) if (!pool.includes(m)) pool.push(m);

  const top = sorted[0].ratingCount;
  // One film per franchise: "Star Wars: Episode V" is a sequel of "Star Wars: Episode IV".
  // Each candidate's facts once (the loop below runs count × pool times).
  const facts = pool.map((m) => ({
    m,
    pop: m.ratingCount / top,
    franchise: m.title.split(/[:(]| - | \d/)[0].trim().toLowerCase(),
    decade: decadeOf(m.year),
    taken: false,
  }));
  const genreSeen = new Map();
  const decadeSeen = new Map();
  const franchisesChosen = new Set();
  const chosen = [];
  while (chosen.length < count && chosen.length < pool.length) {
    let best = null;
    let bestScore = -Infinity;
    for (const f of facts) {
      if (f.taken) continue;
      const { m } = f;
      let newGenres = 0;
      let seen = 0;
      for (const g of m.genres) {
        const s = genreSeen.get(g) ?? 0;
        if (!s) newGenres++;
        seen += s;
      }
      const repeat = seen / Math.max(1, m.genres.length);
      const decadeRepeat = decadeSeen.get(f.decade) ?? 0;
      const sequel = franchisesChosen.has(f.franchise) ? 0.25 : 1;
      const score = (sequel * f.pop * (1 + 0.35 * newGenres) * (decadeRepeat === 0 ? 1.6 : 1 / (1 + decadeRepeat))) / (1 + 0.4 * repeat);
      if (score > bestScore) {
        bestScore = score;
        best = f;
      }
    }
    if (!best) break;
    best.taken = true;
    chosen.push(best.m);
    franchisesChosen.add(best.franchise);
    for (const g of best.m.genres) genreSeen.set(g, (genreSeen.get(g) ?? 0) + 1);
    decadeSeen.set(best.decade, (decadeSeen.get(best.decade) ?? 0) + 1);
  }
  return chosen;
}
