// The one title normaliser: rec.movies.search (catalog.js) compares titles
// and queries with it, and the app's importers match other services' exports
// with it. It lives in web/lib, and is exported by the package, because the
// app may use only the library's public API and any site importing a list of
// titles needs the same rule as the search.
//
// The snapshot builder (cpp/src/data/movielens.cpp, move_article) stores
// MovieLens's "Shawshank Redemption, The" as "The Shawshank Redemption", in the
// main title and in each "(alternative title)"; normalizeTitle moves a
// trailing article the same way, so a title spelled either way normalises to
// what the snapshot holds.

import { CinerecError } from './errors.js';

// move_article's list; matched here in any case ("godfather, the").
const ARTICLES = ['The', 'A', 'An', 'Les', 'Le', 'La', "L'", 'Il', 'El', 'Der', 'Die', 'Das', 'Los', 'Las', 'Lo',
  'Gli', 'Un', 'Une', 'Una', 'Ein', 'Eine'];
const TRAILING_ARTICLE = new RegExp(`^(.*\\S),\\s*(${ARTICLES.join('|')})$`, 'i');

function moveArticle(part) {
  const m = TRAILING_ARTICLE.exec(part);
  if (!m) return part;
  return m[2].endsWith("'") ? m[2] + m[1] : `${m[2]} ${m[1]}`;
}

/**
 * Lower case, no accents, no punctuation, a trailing article in front:
 * 'Amélie (Fabuleux destin d'Amélie Poulain, Le)' → 'amelie le fabuleux destin damelie poulain',
 * 'Shawshank Redemption, The' → 'the shawshank redemption'.
 */
export function normalizeTitle(title) {
  if (typeof title !== 'string') {
    if (title == null) return '';
    if (typeof title !== 'number') throw new CinerecError('INVALID_ARGUMENT', `normalizeTitle takes a string, got a ${typeof title}`);
  }
  let text = String(title);
  // Each part outside parentheses: the main title and the alternative ones.
  if (text.includes(',')) text = text.replace(/[^()]+/g, (part) => part.replace(/[^\s].*[^\s]/s, moveArticle));
  text = text.toLowerCase().replace(/&/g, ' and ');
  if (!/[^\x00-\x7f]/.test(text)) return text.replace(/'/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
