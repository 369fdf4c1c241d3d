// Compiled (not run) by lib-types.test.mjs: the shipped declarations
// (web/lib/index.d.ts, element.d.ts) describe a typical use, and misuse is a
// type error (each @ts-expect-error must find one, or tsc fails).
import { createRecommender, CinerecError, normalizeTitle } from '../../web/lib/index.js';
import type { Recommendation, Movie, Progress, ModelInfo, EvalReport, CinerecErrorCode } from '../../web/lib/index.js';
import '../../web/lib/element.js';

export async function demo(signal: AbortSignal): Promise<string[]> {
  const rec = await createRecommender({
    snapshotUrl: '/data/default.cinerec',
    wasmUrl: new URL('https://cdn.example/cinerec.wasm'),
    signal,
    algorithm: 'svd',
    params: { n_factors: 50 },
    onProgress: (p: Progress) => console.log(p.epoch, p.totalEpochs, p.loss ?? NaN, p.elapsed),
  });
  const found: Movie[] = rec.movies.search('godfathr', { limit: 5 });
  const sameTitle: boolean = normalizeTitle('Godfather, The') === normalizeTitle(found[0].title);
  const heat: Movie | undefined = rec.movies.get(6);
  const year: number | null = found[0].year;
  const info: ModelInfo = await rec.train({ algorithm: 'svd', params: { n_epochs: 10 }, signal });
  const top: Recommendation[] = await rec.recommend({
    ratings: [{ movieId: 1, rating: 4.5 }],
    n: 10,
    genres: ['Crime'],
    exclude: [858],
    yearMin: 1990,
  });
  const why = await rec.explain({ ratings: [{ movieId: 1, rating: 5 }], movieId: top[0].movieId });
  for (const part of why.parts) if (part.kind === 'movie') console.log(part.title, part.rating);
  const predicted: number = await rec.predict({ ratings: [], movieId: 1 });
  const many: number[] = await rec.predict({ ratings: [], movieIds: [1, 2] });
  const reports: EvalReport[] = await rec.evaluate({ algorithms: ['svd', { name: 'popularity' }], protocol: 'kfold:5', k: 10 });
  const bytes: Uint8Array = await rec.saveModel();
  await rec.loadModel(bytes);
  try {
    await rec.similar(1, { n: 5 });
    await rec.similar(1, { n: 5, by: 'model', minRatings: 0 });
  } catch (err) {
    if (err instanceof CinerecError) {
      const code: CinerecErrorCode = err.code;
      if (code === 'UNKNOWN_MOVIE') console.log(err.message);
    }
  }
  const el = document.createElement('cinerec-recommendations');
  el.ratings = [{ movieId: 1, rating: 5 }];
  console.log(el.recommender?.movies.count, rec.snapshotInfo.movies, info.algorithm, heat?.title, year, predicted, many, reports.length);
  rec.dispose();
  return top.map((m) => `${m.title} (${m.year}): ${m.reason} ${m.score.toFixed(2)}`);
}

export async function misuse() {
  // @ts-expect-error snapshotUrl must be a string or URL
  await createRecommender({ snapshotUrl: 42 });
  const rec = await createRecommender();
  // @ts-expect-error ratings are {movieId, rating}
  await rec.recommend({ ratings: [{ id: 1, stars: 5 }] });
  // @ts-expect-error movies are plain objects without a 'name'
  rec.movies.get(1)?.name;
  // @ts-expect-error codes are a closed set
  const c: CinerecErrorCode = 'OOPS';
  // @ts-expect-error movies is read-only
  rec.movies = null;
  return c;
}
