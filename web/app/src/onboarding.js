// Which films to ask a new person about (the first-visit welcome), and which
// next after each answer. Pure JS, no DOM: the app (views/home.js) and the
// simulation (bench/onboarding.mjs) run this same code.
//
// Initial asks: films that are likely seen AND informative. Rashid, Albert,
// Cosley, Lam, McNee, Konstan, Riedl, "Getting to Know You: Learning New User
// Preferences in Recommender Systems", IUI 2002: score a film by
// log(popularity) × entropy of its rating distribution, where entropy is
// H = -Σ_r p_r log2 p_r over the half-star values r (a film everyone rates 4★
// tells little). When no rating histogram is at hand (the app: the library
// exposes counts and means only) the order is today's popular starters
// (starters.js, popular and spread over genres and decades).
//
// Next asks (adaptive): once the person has rated `minRated` films, the films
// the current model ranks highest for their profile are asked about, mixed
// with the informative order (`modelShare` of the asks from the model). The
// model ranks what a person with that profile most likely watched, so a
// "yes, I've seen it" is more likely, and every rating enriches the profile.
// Settings chosen on ml-latest-small only (bench/onboarding.mjs).
import { pickStarters } from './starters.js';

export const MAX_ASKS = 30;
export const INITIAL_ASKS = 12;
export const DEFAULTS = Object.freeze({ minRated: 1, modelShare: 0.67, skip: 20, window: 0 });

/** Shannon entropy (bits) of a histogram of counts; 0 for an empty one. */
export function entropy(counts) {
  let total = 0;
  for (const c of counts) total += c;
  if (!total) return 0;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log2(c / total);
  return h;
}

/**
 * The informative order of the catalogue (Movie objects, best first), at most
 * `count`. With `entropyOf(movie)` → bits: log(1 + ratingCount) × entropy
 * (Rashid et al.'s log-pop × entropy); without it: pickStarters' order.
 */
export function informativeOrder(movies, { count = MAX_ASKS, entropyOf = null } = {}) {
  if (!entropyOf) return pickStarters(movies, count);
  return movies
    .filter((m) => m.ratingCount > 0)
    .map((m) => ({ m, s: Math.log(1 + m.ratingCount) * entropyOf(m) }))
    .sort((a, b) => b.s - a.s || b.m.ratingCount - a.m.ratingCount || a.m.movieId - b.m.movieId)
    .slice(0, count)
    .map((x) => x.m);
}

/** A fresh set of answers: rated (movieId → stars) and "haven't seen" ids. */
export function emptyAnswers() {
  return { rated: new Map(), unseen: new Set() };
}

/** Every film already answered (rated or "haven't seen"). */
export function answeredIds(answers) {
  return new Set([...answers.rated.keys(), ...answers.unseen]);
}

/**
 * The next `n` films to ask about (movieIds), never an answered or an `asked`
 * one, and never past MAX_ASKS asks in all (asked.size + result ≤ MAX_ASKS).
 *   informative: movieIds in the informative order
 *   ranked: movieIds the model ranks highest for the profile (best first), or []
 *   asked: movieIds already asked (answered or on screen and kept)
 */
export function nextAsks({ answers, informative, ranked = [], asked = new Set(), n = 1, settings = DEFAULTS, countOf = null }) {
  const { minRated, modelShare, skip, window } = { ...DEFAULTS, ...settings };
  const taken = new Set([...asked, ...answeredIds(answers)]);
  const room = Math.max(0, Math.min(n, MAX_ASKS - taken.size));
  const useModel = answers.rated.size >= minRated && ranked.length > 0;
  const fromInfo = informative.filter((id) => !taken.has(id));
  let fromModel = useModel ? ranked.filter((id) => !taken.has(id)).slice(skip) : [];
  // window > 0: the next `window` of the ranking, most rated first (likelier seen).
  if (window > 0 && countOf) fromModel = [...fromModel.slice(0, window).sort((a, b) => countOf(b) - countOf(a)), ...fromModel.slice(window)];
  const out = [];
  let i = 0;
  let j = 0;
  // Which source the ask at position p comes from, by position so that the
  // mix does not depend on how many asks are computed at a time.
  const fromModelAt = (p) => Math.floor((p + 1) * modelShare) > Math.floor(p * modelShare);
  while (out.length < room && (i < fromInfo.length || j < fromModel.length)) {
    const wantModel = j < fromModel.length && (fromModelAt(taken.size + out.length) || i >= fromInfo.length);
    const id = wantModel ? fromModel[j++] : fromInfo[i++];
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * nextAsks with the model's ranking asked of a recommender (web/lib's
 * rec.recommend: fold-in + top-n, ~1 ms for ltr). `rec` without a model → the
 * informative order only.
 */
export async function adaptAsks(rec, { answers, informative, asked = new Set(), n = 1, settings = DEFAULTS }) {
  let ranked = [];
  const { minRated, skip, window } = { ...DEFAULTS, ...settings };
  if (rec?.model && answers.rated.size >= minRated) {
    const ratings = [...answers.rated].map(([movieId, rating]) => ({ movieId, rating }));
    const exclude = [...new Set([...asked, ...answers.unseen])];
    const recs = await rec.recommend({ ratings, n: n + skip + Math.max(10, window), exclude, reasons: false });
    ranked = recs.map((r) => r.movieId);
  }
  const countOf = (id) => rec?.movies?.get(id)?.ratingCount ?? 0;
  return nextAsks({ answers, informative, ranked, asked, n, settings, countOf });
}
