// The app's imports of rating exports (web/app/src/importers.js) on a small
// hand-made catalogue: CSV as the services write it (BOM, CRLF, quoted commas,
// doubled quotes, newlines inside quotes), and titles matched with web/lib's
// normalizeTitle, the one rec.movies.search uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TitleIndex, importCsv, importJson, titleKeys } from '../../web/app/src/importers.js';
import { normalizeTitle } from '../../web/lib/index.js';

const catalogue = [
  { movieId: 1, title: 'Toy Story', year: 1995, ratingCount: 200, imdbId: 114709 },
  { movieId: 6, title: 'Heat', year: 1995, ratingCount: 100, imdbId: 113277 },
  { movieId: 318, title: 'The Shawshank Redemption', year: 1994, ratingCount: 300, imdbId: 111161 },
  { movieId: 858, title: 'The Godfather', year: 1972, ratingCount: 250, imdbId: 68646 },
  { movieId: 1201, title: 'The Good, the Bad and the Ugly', year: 1966, ratingCount: 80 },
  { movieId: 3996, title: 'Crouching Tiger, Hidden Dragon (Wo hu cang long)', year: 2000, ratingCount: 90 },
  { movieId: 5618, title: 'Spirited Away (Sen to Chihiro no kamikakushi)', year: 2001, ratingCount: 70 },
  { movieId: 4973, title: "Amélie (Le fabuleux destin d'Amélie Poulain)", year: 2001, ratingCount: 60 },
];
const index = new TitleIndex(catalogue);
const ids = (result) => result.matched.map((m) => m.movieId);

test('normalizeTitle: a trailing article goes in front, as the snapshot builder puts it', () => {
  assert.equal(normalizeTitle('Shawshank Redemption, The'), 'the shawshank redemption');
  assert.equal(normalizeTitle('Shawshank Redemption, The'), normalizeTitle('The Shawshank Redemption'));
  assert.equal(normalizeTitle('Good, the Bad and the Ugly, The'), normalizeTitle('The Good, the Bad and the Ugly'));
  assert.equal(normalizeTitle("Amélie (Fabuleux destin d'Amélie Poulain, Le)"),
    normalizeTitle("Amélie (Le fabuleux destin d'Amélie Poulain)"));
  assert.equal(normalizeTitle("Avventura, L'"), normalizeTitle("L'Avventura"));
  assert.equal(normalizeTitle('Me, Myself and I'), 'me myself and i');
  assert.equal(normalizeTitle('TOY  story!'), 'toy story');
  assert.equal(normalizeTitle('Fast & Furious'), 'fast and furious');
  assert.equal(normalizeTitle('Sen to Chihiro no kamikakushi · 千と千尋の神隠し'), 'sen to chihiro no kamikakushi 千と千尋の神隠し');
});

test('titleKeys: the main title, the whole title and each alternative, with or without a leading article', () => {
  assert.deepEqual(titleKeys('Crouching Tiger, Hidden Dragon (Wo hu cang long) (2000)'),
    ['crouching tiger hidden dragon', 'crouching tiger hidden dragon wo hu cang long', 'wo hu cang long']);
  assert.deepEqual(titleKeys('Godfather, The'), ['godfather']);
  assert.deepEqual(titleKeys('The Godfather'), ['godfather']);
});

test('Letterboxd CSV: BOM, CRLF, quoted commas, doubled quotes, a newline inside quotes', () => {
  const csv = '\ufeffDate,Name,Year,Letterboxd URI,Rating\r\n' +
    '2021-01-02,"Shawshank Redemption, The",1994,https://boxd.it/a,5\r\n' +
    '2021-01-03,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/b,4\r\n' +
    '\r\n' +
    '2021-01-04,"Good, the Bad and the Ugly, The",1966,"https://boxd.it/c\r\n(two lines)",3.5\r\n' +
    '2021-01-05,"The ""Missing"" Movie",2031,https://boxd.it/d,3\r\n' +
    '2021-01-06,Godfather,1972,https://boxd.it/e,4.5\r\n' +
    '2021-01-07,Heat,1995,https://boxd.it/f,\r\n';
  const r = importCsv(csv, index);
  assert.equal(r.kind, 'Letterboxd');
  assert.deepEqual(ids(r), [318, 3996, 1201, 858]);
  assert.deepEqual(r.matched.map((m) => m.rating), [5, 4, 3.5, 4.5]);
  assert.equal(r.matched[0].ts, Date.parse('2021-01-02'));
  assert.deepEqual(r.unmatched, [
    { line: 5, title: 'The "Missing" Movie', year: 2031, reason: 'after this catalogue’s last year, 2001' },
    { line: 7, title: 'Heat', year: 1995, reason: 'no rating' },
  ]);
});

test('IMDb CSV: the IMDb id first, else title and year; the 1–10 scale halved', () => {
  const csv = 'Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year\n' +
    'tt0113277,9,2020-05-01,"Heat, the remake that is not",https://imdb.com/x,movie,8.3,170,1995\n' +
    'tt9999999,7,2020-05-02,"Amélie (Fabuleux destin d\'Amélie Poulain, Le)",https://imdb.com/y,movie,8.3,122,2001\n' +
    'tt8888888,3,2020-05-03,"Nothing, Anywhere",https://imdb.com/z,movie,5,90,1990\n';
  const r = importCsv(csv, index);
  assert.equal(r.kind, 'IMDb');
  assert.deepEqual(ids(r), [6, 4973]);
  assert.deepEqual(r.matched.map((m) => m.rating), [4.5, 3.5]);
  assert.deepEqual(r.unmatched.map((u) => [u.title, u.reason]), [['Nothing, Anywhere', 'no movie with this title and year']]);
});

test('MovieLens CSV: one user of several, by movieId', () => {
  const csv = 'userId,movieId,rating,timestamp\r\n7,1,4.0,964982703\r\n7,3,2.5,964981247\r\n8,6,1,964982224\r\n';
  const r = importCsv(csv, index);
  assert.equal(r.kind, 'MovieLens');
  assert.deepEqual(r.users, [{ userId: '7', count: 2 }, { userId: '8', count: 1 }]);
  assert.deepEqual(ids(r), [1]);
  assert.equal(r.matched[0].ts, 964982703000);
  assert.deepEqual(ids(importCsv(csv, index, { userId: 8 })), [6]);
});

test('errors a person can act on: an empty file, an unknown CSV, JSON that is not an export', () => {
  assert.throws(() => importCsv('', index), { name: 'CinerecError', code: 'PARSE_ERROR', message: 'The file is empty.' });
  assert.throws(() => importCsv('\ufeff\r\n', index), /The file is empty/);
  assert.throws(() => importCsv('a,b\n1,2\n', index), /not a format cinerec knows/);
  assert.throws(() => importJson('{', index), /not valid JSON/);
  const json = JSON.stringify({ format: 'cinerec-user-data', ratings: [{ movieId: 999, title: 'Godfather, The', year: 1972, rating: 5 }] });
  assert.deepEqual(ids(importJson(json, index)), [858]);
});
