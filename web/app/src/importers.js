// Import of rating exports from other services, matched against the catalogue:
//   - MovieLens ratings.csv (userId,movieId,rating,timestamp): matched by movieId
//   - Letterboxd ratings.csv (Date,Name,Year,Letterboxd URI,Rating): title + year
//   - IMDb ratings.csv (Const,Your Rating,Date Rated,Title,...,Year): IMDb id when the
//     snapshot has links, else title + year; the 1–10 scale is halved
//   - cinerec's own JSON export: movieId, falling back to title + year
// Everything runs locally on the file the user picked. A file that is not one
// of these throws CinerecError PARSE_ERROR with a sentence for the person.

// Papa Parse reads the CSV: quoted fields, doubled quotes, commas and
// newlines in quotes, CRLF, a BOM, as each service writes them.
// normalizeTitle is web/lib's, so an import matches titles exactly as
// rec.movies.search does (and as the snapshot builder spells them).
import Papa from 'papaparse';
import { CinerecError, normalizeTitle } from '../../lib/index.js';

// A title with or without its leading article is the same key: "Godfather" finds "The Godfather".
const leadingArticle = /^(the|a|an|les|la|le|el|il|die|der|das|los|las|det|den) /;
const titleKey = (title) => normalizeTitle(title).replace(leadingArticle, '');

/** MovieLens titles carry alternates in parentheses: "Seven (a.k.a. Se7en)". */
export function titleKeys(title) {
  const keys = new Set();
  const raw = (typeof title === 'string' ? title : '').replace(/\s*\((\d{4})\)\s*$/, '');
  const main = raw.replace(/\s*\([^)]*\)/g, '').trim();
  if (main) keys.add(titleKey(main));
  keys.add(titleKey(raw));
  for (const [, alt] of raw.matchAll(/\(([^)]*)\)/g)) {
    const a = alt.replace(/^(a\.k\.a\.|aka)\s*/i, '').trim();
    if (a.length > 1) keys.add(titleKey(a));
  }
  keys.delete('');
  return [...keys];
}

/** An index of the catalogue by normalised title (and year), and by IMDb id. */
export class TitleIndex {
  constructor(movies) {
    this.byKey = new Map();
    this.byImdb = new Map();
    this.byId = new Map();
    this.lastYear = null; // the catalogue's latest release year
    for (const m of movies) {
      if (m.year && (this.lastYear === null || m.year > this.lastYear)) this.lastYear = m.year;
      this.byId.set(m.movieId, m);
      for (const k of titleKeys(m.title)) {
        if (!this.byKey.has(k)) this.byKey.set(k, []);
        this.byKey.get(k).push(m);
      }
      if (m.imdbId) this.byImdb.set(Number(m.imdbId), m);
    }
  }

  /** Why a title and year found no movie, in words. */
  missReason(year) {
    return year && this.lastYear && year > this.lastYear
      ? `after this catalogue’s last year, ${this.lastYear}`
      : 'no movie with this title and year';
  }

  /** The best catalogue match for a title and optional year, or null. */
  match(title, year) {
    const keys = titleKeys(title);
    const seen = new Map();
    for (const k of keys) for (const m of this.byKey.get(k) ?? []) seen.set(m.movieId, m);
    const candidates = [...seen.values()];
    if (!candidates.length) return null;
    const pick = (list) => list.sort((a, b) => (b.ratingCount ?? 0) - (a.ratingCount ?? 0))[0];
    if (!year) return pick(candidates);
    const exact = candidates.filter((m) => m.year === year);
    if (exact.length) return pick(exact);
    const near = candidates.filter((m) => m.year && Math.abs(m.year - year) <= 1);
    if (near.length) return pick(near);
    if (candidates.length === 1 && !candidates[0].year) return candidates[0];
    return null;
  }
}

const halfStar = (r) => Math.min(5, Math.max(0.5, Math.round(r * 2) / 2));
// A time in ms since 1970 when the value is one, else none (the import time is used).
const timestamp = (t) => (typeof t === 'number' && Number.isFinite(t) && Math.abs(t) < 8.64e15 ? t : undefined);

/**
 * Parse a CSV export and match it. Returns
 * { kind, matched: [{ movieId, rating, ts, source }], unmatched: [{ line, title, year, reason }],
 *   users?: [{ userId, count }], userId? }
 */
export function importCsv(text, index, { userId } = {}) {
  const rows = Papa.parse(text, { delimiter: ',', skipEmptyLines: true }).data;
  if (!rows.length) throw new CinerecError('PARSE_ERROR', 'The file is empty.');
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const col = (name) => header.indexOf(name);
  const matched = [];
  const unmatched = [];

  if (col('userid') >= 0 && col('movieid') >= 0 && col('rating') >= 0) {
    const [u, mi, ri, ti] = [col('userid'), col('movieid'), col('rating'), col('timestamp')];
    const counts = new Map();
    for (let i = 1; i < rows.length; i++) counts.set(rows[i][u], (counts.get(rows[i][u]) ?? 0) + 1);
    const users = [...counts].map(([id, count]) => ({ userId: id, count }));
    const chosen = userId != null && counts.has(String(userId)) ? String(userId) : users[0]?.userId;
    for (let i = 1; i < rows.length; i++) {
      const row = rows[i];
      if (row[u] !== chosen) continue;
      const movieId = Number(row[mi]);
      const rating = Number(row[ri]);
      const m = index.byId.get(movieId);
      if (!Number.isFinite(rating) || rating <= 0) {
        unmatched.push({ line: i + 1, title: `movieId ${row[mi]}`, year: null, reason: 'no rating' });
      } else if (!m) {
        unmatched.push({ line: i + 1, title: `movieId ${row[mi]}`, year: null, reason: 'not in this catalogue' });
      } else {
        const ts = ti >= 0 && row[ti] ? timestamp(Number(row[ti]) * 1000) : undefined;
        matched.push({ movieId, rating: halfStar(rating), ts, source: m });
      }
    }
    return { kind: 'MovieLens', matched, unmatched, users, userId: chosen };
  }

  if (col('name') >= 0 && col('rating') >= 0) {
    const [ni, yi, ri, di] = [col('name'), col('year'), col('rating'), col('date')];
    for (let i = 1; i < rows.length; i++) {
      const row = rows[i];
      const title = row[ni] ?? '';
      const year = yi >= 0 && row[yi] ? Number(row[yi]) : null;
      const rating = Number(row[ri]);
      if (!title.trim()) continue;
      if (!row[ri] || !Number.isFinite(rating) || rating <= 0) {
        unmatched.push({ line: i + 1, title, year, reason: 'no rating' });
        continue;
      }
      const m = index.match(title, year);
      if (!m) unmatched.push({ line: i + 1, title, year, reason: index.missReason(year) });
      else {
        const ts = di >= 0 && row[di] ? timestamp(Date.parse(row[di])) : undefined;
        matched.push({ movieId: m.movieId, rating: halfStar(rating), ts, source: m });
      }
    }
    return { kind: 'Letterboxd', matched, unmatched };
  }

  if (col('your rating') >= 0 && col('title') >= 0) {
    const [ci, ri, ti, yi, di] = [col('const'), col('your rating'), col('title'), col('year'), col('date rated')];
    for (let i = 1; i < rows.length; i++) {
      const row = rows[i];
      const title = row[ti] ?? '';
      const year = yi >= 0 && row[yi] ? Number(row[yi]) : null;
      const rating = Number(row[ri]) / 2;
      const imdb = ci >= 0 ? Number(String(row[ci]).replace(/^tt/, '')) : NaN;
      const m = (Number.isFinite(imdb) && index.byImdb.get(imdb)) || index.match(title, year);
      if (!Number.isFinite(rating) || rating <= 0) unmatched.push({ line: i + 1, title, year, reason: 'no rating' });
      else if (!m) unmatched.push({ line: i + 1, title, year, reason: index.missReason(year) });
      else {
        const ts = di >= 0 && row[di] ? timestamp(Date.parse(row[di])) : undefined;
        matched.push({ movieId: m.movieId, rating: halfStar(rating), ts, source: m });
      }
    }
    return { kind: 'IMDb', matched, unmatched };
  }

  throw new CinerecError('PARSE_ERROR', 
    'This CSV is not a format cinerec knows. It reads MovieLens ratings.csv (userId,movieId,rating,timestamp), ' +
      'Letterboxd ratings.csv (Date,Name,Year,Letterboxd URI,Rating) and IMDb ratings exports.',
  );
}

/** cinerec's own JSON export (see Store.exportData). */
export function importJson(text, index) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CinerecError('PARSE_ERROR', 'This file is not valid JSON.');
  }
  if (!data || data.format !== 'cinerec-user-data' || !Array.isArray(data.ratings)) {
    throw new CinerecError('PARSE_ERROR', 'This JSON file is not a cinerec export (it has no "format": "cinerec-user-data").');
  }
  // Any entry may be anything (a file edited by hand, another program's JSON):
  // only what has the expected type is used.
  const entry = (x) => (x && typeof x === 'object' ? x : {});
  const title = (x) => (typeof x.title === 'string' ? x.title : '');
  const year = (x) => (Number.isInteger(x.year) ? x.year : null);
  const resolve = (x) =>
    (typeof x.movieId === 'number' || typeof x.movieId === 'string' ? index.byId.get(Number(x.movieId)) : undefined) ??
    (title(x) ? index.match(title(x), year(x)) : null);
  const label = (x) => title(x) || `movieId ${typeof x.movieId === 'number' || typeof x.movieId === 'string' ? x.movieId : '?'}`;
  const matched = [];
  const hidden = [];
  const unmatched = [];
  data.ratings.forEach((raw, i) => {
    const r = entry(raw);
    const m = resolve(r);
    const rating = typeof r.rating === 'number' || typeof r.rating === 'string' ? Number(r.rating) : NaN;
    if (!m || !Number.isFinite(rating) || rating <= 0) {
      unmatched.push({ line: i + 1, title: label(r), year: year(r), reason: m ? 'no rating' : 'not in this catalogue' });
    } else matched.push({ movieId: m.movieId, rating: halfStar(rating), ts: timestamp(r.ts), source: m });
  });
  for (const raw of Array.isArray(data.hidden) ? data.hidden : []) {
    const x = entry(raw);
    const m = resolve(x);
    if (m) hidden.push({ movieId: m.movieId, ts: timestamp(x.ts) });
    else unmatched.push({ line: 0, title: label(x), year: year(x), reason: 'hidden movie not in this catalogue' });
  }
  return { kind: 'cinerec JSON', matched, hidden, unmatched, settings: data.settings ?? null };
}
