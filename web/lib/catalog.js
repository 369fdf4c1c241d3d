// rec.movies: the catalogue on the main thread, built once from the typed
// arrays the worker exports (cpp/bindings/js_session.cpp, JsSession::catalog), so
// lookups and search are synchronous and never wait for a training run.
// Raw movieIds meet dense item indices here (STYLE.md #3).
import { CinerecError } from './errors.js';
import { plainObject, show } from './validate.js';
import { normalizeTitle } from './titles.js';

// Invalid bytes become U+FFFD (as the C++ side's JSON texts do); a leading
// U+FEFF is part of the title, not a byte-order mark.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const MAX_QUERY_WORDS = 16;
const STOPWORDS = new Set(['the', 'a', 'an', 'of', 'and', 'la', 'le', 'les', 'il', 'el', 'der', 'die', 'das']);

// Typo distance of query word q against title word t, computed once as an
// optimal-string-alignment table over q and the first |q|+max letters of t:
// the full distance (q ≈ t) and the prefix distance (q ≈ a prefix of t, so
// 'godfathr' finds 'godfather' while typing). Gives up above max.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);
function typoDistance(q, t, max) {
  const la = q.length;
  const lb = Math.min(t.length, la + max);
  if (lb < la - max) return max + 1;
  if (lb + 1 > rowA.length) {
    rowA = new Int32Array(2 * lb + 2);
    rowB = new Int32Array(2 * lb + 2);
    rowC = new Int32Array(2 * lb + 2);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const qi = q.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const tj = t.charCodeAt(j - 1);
      let v = prev[j - 1] + (qi === tj ? 0 : 1);
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (i > 1 && j > 1 && qi === t.charCodeAt(j - 2) && q.charCodeAt(i - 2) === tj && prev2[j - 2] + 1 < v)
        v = prev2[j - 2] + 1;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const tmp = prev2;
    prev2 = prev;
    prev = cur;
    cur = tmp;
  }
  // prev is row la: the full distance when t fits, else the best prefix.
  const full = t.length === lb ? prev[lb] : max + 1;
  let prefix = max + 1;
  for (let j = Math.max(1, la - max); j <= lb; j++) if (prev[j] < prefix) prefix = prev[j];
  return Math.min(full, prefix + 0.5);
}

const allowedTypos = (len) => (len >= 8 ? 2 : len >= 4 ? 1 : 0);

// A 32-bit set of the letters of a word: each letter of the query missing
// from a title word costs at least one edit, so most words are ruled out
// without the distance table.
function letterMask(w) {
  let m = 0;
  for (let k = 0; k < w.length; k++) m |= 1 << (w.charCodeAt(k) % 32);
  return m;
}
function popcount(x) {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

// How well one query word matches one title word: 1 exact, 0.85 prefix,
// less per typo, 0 for no match.
function wordScore(q, t, qmask, tmask) {
  if (q === t) return 1;
  if (t.startsWith(q)) return 0.85;
  const max = allowedTypos(q.length);
  if (max === 0 || popcount(qmask & ~tmask) > max) return 0;
  const d = typoDistance(q, t, max);
  return d <= max ? 0.85 - 0.15 * Math.ceil(d) : 0;
}

export class Movies {
  #ids;
  #years;
  #genreBits;
  #counts;
  #means;
  #titles; // decoded on first use (#title)
  #titleBytes;
  #titlePtr;
  #imdb;
  #tmdb;
  #tagNames;
  #tagPtr;
  #tagIds;
  #details = null; // TMDb details: {people, keywords, movies} (JsSession::catalog)
  #index = new Map();
  #objects;
  #vocab = null;
  #masks = null;
  #index2 = null; // the search index (#buildSearchIndex)
  #popular = null; // every dense index, most rated first (popular())
  #wordCache = null;

  /** @param {object} c the catalogue from Engine::catalog */
  constructor(c) {
    this.#ids = c.movieIds;
    this.#years = c.years;
    this.#genreBits = c.genres;
    this.#counts = c.ratingCounts;
    this.#means = c.meanRatings;
    this.#titleBytes = c.titleBytes;
    this.#titlePtr = c.titlePtr;
    this.#titles = new Array(c.movieIds.length);
    this.genres = Object.freeze(JSON.parse(c.genreNames));
    this.#imdb = c.imdbIds ?? null;
    this.#tmdb = c.tmdbIds ?? null;
    if (c.tagNames) {
      this.#tagNames = JSON.parse(c.tagNames);
      this.#tagPtr = c.tagPtr;
      this.#tagIds = c.tagIds;
    }
    if (c.details) this.#details = JSON.parse(c.details);
    const n = this.#ids.length;
    for (let i = 0; i < n; i++) this.#index.set(this.#ids[i], i);
    this.#objects = new Array(n);
    this.count = n;
    Object.freeze(this);
    // Build the search index when the page is idle, so the first search is
    // fast — but not in the first second and a half, while the page is still
    // waiting for its first recommendations (the build takes ~0.1 s for 9,000
    // titles, and a reply from the worker would wait for it). The timers hold
    // the catalogue weakly: one dropped meanwhile is collected, not indexed.
    if (typeof requestIdleCallback === 'function' && typeof WeakRef === 'function') {
      const self = new WeakRef(this);
      const build = () => {
        const movies = self.deref();
        if (movies && !movies.#index2) movies.#buildSearchIndex();
      };
      setTimeout(() => self.deref() && requestIdleCallback(build, { timeout: 3000 }), 1500);
    }
  }

  /** Dense item index of a movieId, -1 when unknown. */
  indexOf(movieId) {
    const i = this.#index.get(movieId);
    return i === undefined ? -1 : i;
  }

  /** Dense item index, or CinerecError UNKNOWN_MOVIE. */
  itemOf(movieId, where = 'movieId') {
    const i = typeof movieId === 'number' ? this.#index.get(movieId) : undefined;
    if (i === undefined) {
      if (typeof movieId !== 'number' || !Number.isFinite(movieId))
        throw new CinerecError('INVALID_ARGUMENT', `${where} must be a number, got ${show(movieId)}`);
      throw new CinerecError('UNKNOWN_MOVIE', `unknown movieId ${movieId} (not in this snapshot)`);
    }
    return i;
  }

  /** The title of a dense index, decoded from the catalogue's UTF-8 block once. */
  #title(i) {
    let t = this.#titles[i];
    if (t === undefined) t = this.#titles[i] = utf8.decode(this.#titleBytes.subarray(this.#titlePtr[i], this.#titlePtr[i + 1]));
    return t;
  }

  /** The plain movie object of a dense index (frozen, one per movie). */
  at(i) {
    let m = this.#objects[i];
    if (m) return m;
    const bits = this.#genreBits[i];
    const genres = [];
    for (let g = 0; g < this.genres.length; g++) if ((bits >>> g) & 1) genres.push(this.genres[g]);
    const mean = this.#means[i];
    m = {
      movieId: this.#ids[i],
      // Some sources lost a few titles (dslabs has five): never show a blank.
      title: this.#title(i) || `Untitled movie #${this.#ids[i]}`,
      year: this.#years[i] || null,
      genres: Object.freeze(genres),
      ratingCount: this.#counts[i],
      meanRating: Number.isNaN(mean) ? null : Math.round(mean * 1000) / 1000,
    };
    if (this.#tagNames) {
      const tags = [];
      for (let x = this.#tagPtr[i]; x < this.#tagPtr[i + 1] && tags.length < 10; x++)
        tags.push(this.#tagNames[this.#tagIds[x]]);
      if (tags.length) m.tags = Object.freeze(tags);
    }
    const d = this.#details?.movies[i];
    if (d) {
      // From TMDb at build time (cinerec snapshot --tmdb): text, never HTML.
      const [overview, directors, cast, keywords, runtime, language] = d;
      const names = (list, table) => Object.freeze(list.map((k) => table[k]));
      if (overview) m.overview = overview;
      if (directors.length) m.directors = names(directors, this.#details.people);
      if (cast.length) m.cast = names(cast, this.#details.people);
      if (keywords.length) m.keywords = names(keywords, this.#details.keywords);
      if (runtime) m.runtime = runtime;
      if (language) m.language = language;
    }
    if (this.#imdb && this.#imdb[i]) m.imdbId = this.#imdb[i];
    if (this.#tmdb && this.#tmdb[i]) m.tmdbId = this.#tmdb[i];
    this.#objects[i] = m = Object.freeze(m);
    return m;
  }

  get(movieId) {
    const i = this.#index.get(movieId);
    return i === undefined ? undefined : this.at(i);
  }

  has(movieId) {
    return this.#index.has(movieId);
  }

  all() {
    const out = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i);
    return out;
  }

  #byPopularity(indices, limit) {
    indices.sort((a, b) => this.#counts[b] - this.#counts[a] || a - b);
    return indices.slice(0, limit).map((i) => this.at(i));
  }

  popular(options) {
    const { limit = 20 } = plainObject(options, 'options');
    // The order of the whole catalogue is sorted once (59,047 movies: ~20 ms);
    // only the movies returned become objects.
    if (!this.#popular) {
      const order = Int32Array.from({ length: this.count }, (_, i) => i);
      order.sort((a, b) => this.#counts[b] - this.#counts[a] || a - b);
      this.#popular = order;
    }
    const n = Math.min(checkLimit(limit), this.count);
    const out = new Array(n);
    for (let k = 0; k < n; k++) out[k] = this.at(this.#popular[k]);
    return out;
  }

  /** { first, last }: the earliest and latest release years (null when none is known). */
  yearSpan() {
    let first = null;
    let last = null;
    for (const y of this.#years) {
      if (!y) continue;
      if (first === null || y < first) first = y;
      if (last === null || y > last) last = y;
    }
    return { first, last };
  }

  genreBit(genre) {
    const g = this.genres.indexOf(genre);
    if (g < 0)
      throw new CinerecError('INVALID_ARGUMENT', `unknown genre ${show(genre)} (known: ${this.genres.join(', ')})`);
    return g;
  }

  byGenre(genre, options) {
    const { limit = Infinity } = plainObject(options, 'options');
    const g = this.genreBit(genre);
    const out = [];
    for (let i = 0; i < this.count; i++) if ((this.#genreBits[i] >>> g) & 1) out.push(i);
    return this.#byPopularity(out, checkLimit(limit));
  }

  // Title words become ids in one vocabulary, so a query word is compared
  // with each distinct word once, not once per movie. Flat arrays (CSR):
  // wordPtr/wordIds per movie, postPtr/postMovies per word. With TMDb
  // details, the words of a movie's directors' and cast's names follow its
  // title words (from titleEnd[i] on), so 'mann heat' finds Michael Mann's Heat.
  #buildSearchIndex() {
    const vocab = new Map();
    const n = this.count;
    const norms = new Array(n);
    const wordPtr = new Int32Array(n + 1);
    let ids = [];
    const titleWords = new Int32Array(n);
    const titleEnd = new Int32Array(n);
    const people = this.#details?.people.map((p) => normalizeTitle(p).split(' ').filter(Boolean));
    for (let i = 0; i < n; i++) {
      const norm = normalizeTitle(this.#title(i));
      norms[i] = norm;
      const words = norm ? norm.split(' ') : [];
      titleWords[i] = Math.max(1, words.length);
      const start = ids.length;
      const add = (w) => {
        let id = vocab.get(w);
        if (id === undefined) vocab.set(w, (id = vocab.size));
        for (let k = start; k < ids.length; k++) if (ids[k] === id) return;
        ids.push(id);
      };
      for (let w = 0; w < words.length; w++) {
        add(words[w]);
        if (w + 1 < words.length) add(words[w] + words[w + 1]);
      }
      titleEnd[i] = ids.length;
      const d = people && this.#details.movies[i];
      if (d) for (const k of [...d[1], ...d[2]]) for (const w of people[k]) if (!STOPWORDS.has(w)) add(w);
      wordPtr[i + 1] = ids.length;
    }
    const wordIds = Int32Array.from(ids);
    ids = null;
    const postPtr = new Int32Array(vocab.size + 1);
    for (let x = 0; x < wordIds.length; x++) postPtr[wordIds[x] + 1]++;
    for (let v = 0; v < vocab.size; v++) postPtr[v + 1] += postPtr[v];
    const fill = postPtr.slice(0, vocab.size);
    const postMovies = new Int32Array(wordIds.length);
    for (let i = 0; i < n; i++) for (let x = wordPtr[i]; x < wordPtr[i + 1]; x++) postMovies[fill[wordIds[x]]++] = i;
    this.#vocab = [...vocab.keys()];
    this.#masks = Int32Array.from(this.#vocab, letterMask);
    this.#index2 = { norms, wordPtr, wordIds, postPtr, postMovies, titleWords, titleEnd };
    this.#wordCache = new Map();
  }

  // Scores of a query word against every vocabulary word (cached: typing
  // 'godfa', 'godfat', ... reuses earlier words of the query).
  #scoresOf(q) {
    let s = this.#wordCache.get(q);
    if (s) return s;
    s = new Float32Array(this.#vocab.length);
    const qmask = letterMask(q);
    for (let v = 0; v < this.#vocab.length; v++) s[v] = wordScore(q, this.#vocab[v], qmask, this.#masks[v]);
    if (this.#wordCache.size > 64) this.#wordCache.clear();
    this.#wordCache.set(q, s);
    return s;
  }

  /**
   * Typo-tolerant title search (docs/api.md "rec.movies"): every query word
   * must match a title word (exact, prefix, or a few typos); a year of the
   * catalogue may match the release year instead; ties go to the most rated.
   */
  search(query, options) {
    let { limit = 10, genre } = plainObject(options, 'options');
    if (typeof query !== 'string') throw new CinerecError('INVALID_ARGUMENT', 'search query must be a string');
    limit = checkLimit(limit);
    const g = genre === undefined ? -1 : this.genreBit(genre);
    if (!this.#index2) this.#buildSearchIndex();
    const { norms, wordPtr, wordIds, postPtr, postMovies, titleWords, titleEnd } = this.#index2;
    const qnorm = normalizeTitle(query);
    if (!qnorm || limit === 0) return [];
    // A title needs no more words than this; a pasted page must not freeze the page.
    const qwords = qnorm.split(' ').slice(0, MAX_QUERY_WORDS);
    const qscores = qwords.map((q) => this.#scoresOf(q));
    const qyear = qwords.map((q) => (/^\d{4}$/.test(q) ? Number(q) : -1));
    // Candidates: the movies whose titles match the most selective word
    // (stopwords and years are used only when nothing else is given).
    let anchor = -1;
    let anchorSize = Infinity;
    const matchingIds = (k) => {
      const ids = [];
      const sc = qscores[k];
      for (let v = 0; v < sc.length; v++) if (sc[v] > 0) ids.push(v);
      return ids;
    };
    const idsOf = qwords.map(() => null);
    for (let pass = 0; pass < 2 && anchor < 0; pass++) {
      for (let k = 0; k < qwords.length; k++) {
        if (pass === 0 && (STOPWORDS.has(qwords[k]) || qyear[k] > 0)) continue;
        idsOf[k] ??= matchingIds(k);
        let size = 0;
        for (const v of idsOf[k]) size += postPtr[v + 1] - postPtr[v];
        if (size < anchorSize) [anchor, anchorSize] = [k, size];
      }
    }
    const seen = new Uint8Array(this.count);
    const candidates = [];
    for (const v of idsOf[anchor])
      for (let x = postPtr[v]; x < postPtr[v + 1]; x++) {
        const i = postMovies[x];
        if (!seen[i]) candidates.push(i), (seen[i] = 1);
      }
    if (qyear[anchor] > 0) for (let i = 0; i < this.count; i++) if (!seen[i] && this.#years[i] === qyear[anchor]) candidates.push(i);
    const years = this.#years;
    const results = [];
    for (const i of candidates) {
      if (g >= 0 && !((this.#genreBits[i] >>> g) & 1)) continue;
      const w0 = wordPtr[i];
      const w1 = wordPtr[i + 1];
      let total = 0;
      let matched = 0;
      let yearHit = false;
      let ok = true;
      for (let k = 0; k < qwords.length; k++) {
        const q = qwords[k];
        const sc = qscores[k];
        let best = 0;
        // A person's name counts a little less than the title, so 'heat'
        // puts Heat before a movie with Heather Graham.
        const t1 = titleEnd[i];
        for (let w = w0; w < w1; w++) {
          const s = w < t1 ? sc[wordIds[w]] : 0.9 * sc[wordIds[w]];
          if (s > best) best = s;
        }
        if (qyear[k] === years[i]) {
          yearHit = true;
          best = Math.max(best, 1);
        }
        if (best === 0) {
          if (STOPWORDS.has(q) && qwords.length > 1) continue;
          ok = false;
          break;
        }
        total += best;
        matched++;
      }
      if (!ok || matched === 0) continue;
      const norm = norms[i];
      let score = total / qwords.length;
      if (norm === qnorm) score += 0.6;
      else if (norm.startsWith(qnorm)) score += 0.3;
      if (yearHit) score += 0.3;
      // Titles covered more fully rank first ('Heat' before 'Heat and Dust'),
      // then the most rated.
      score += 0.15 * Math.min(1, matched / titleWords[i]);
      score += 0.1 * Math.log10(1 + this.#counts[i]);
      results.push([score, i]);
    }
    results.sort((a, b) => b[0] - a[0] || this.#counts[b[1]] - this.#counts[a[1]] || a[1] - b[1]);
    return results.slice(0, limit).map(([, i]) => this.at(i));
  }
}

function checkLimit(limit) {
  if (limit === Infinity) return limit;
  if (!Number.isInteger(limit) || limit < 0)
    throw new CinerecError('INVALID_ARGUMENT', `limit must be a non-negative integer, got ${show(limit)}`);
  return limit;
}
