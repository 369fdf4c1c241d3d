// The lists a person sees before and beside their own picks, measured through
// web/lib in Node (the same wasm the browser runs) on the default snapshot:
//   - "Similar movies": for the 50 most-rated movies, the share of their 10
//     similar movies with fewer than 20 ratings, by ratings (the default,
//     cinerec::Session::similar) and by the svd model's neighbours without a
//     floor (what the app showed before);
//   - the empty-profile list (Session::popular): the median rating count of
//     its top 10, and its titles.
// Usage: node bench/app-lists.mjs [--json FILE]   (bench/README-app.md quotes it)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRecommender } from '../web/lib/node.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rec = await createRecommender({ snapshotUrl: `${repo}public/data/default.cinerec`, worker: false, seed: 42 });
try {
  const top50 = rec.movies.popular({ limit: 50 });
  const share = async (options) => {
    let under = 0;
    let total = 0;
    for (const m of top50) {
      for (const s of await rec.similar(m.movieId, { n: 10, ...options })) {
        total++;
        if (s.ratingCount < 20) under++;
      }
    }
    return { under, total, share: under / total };
  };
  const byRatings = await share({});
  const byModelNoFloor = await share({ by: 'model', minRatings: 0 });
  const popular = await rec.recommend({ ratings: [], n: 10 });
  const examples = {};
  for (const q of ['heat 1995', 'toy story', 'godfather 1972']) {
    const m = rec.movies.search(q)[0];
    examples[`${m.title} (${m.year})`] = (await rec.similar(m.movieId, { n: 5 })).map((s) => `${s.title} (${s.year}, ${s.ratingCount})`);
  }
  const result = {
    generated: new Date().toISOString(),
    snapshot: rec.snapshotInfo.name,
    similar_under_20: { by_ratings: byRatings, by_svd_model_no_floor: byModelNoFloor },
    popular_top10: {
      median_rating_count: median(popular.map((m) => m.ratingCount)),
      movies: popular.map((m) => ({ title: m.title, year: m.year, ratingCount: m.ratingCount, meanRating: Number(m.meanRating.toFixed(2)) })),
    },
    similar_examples: examples,
  };
  console.log(`similar movies of the 50 most rated, share under 20 ratings: by ratings ${(byRatings.share * 100).toFixed(1)}% (${byRatings.under}/${byRatings.total}); by the svd model, no floor ${(byModelNoFloor.share * 100).toFixed(1)}% (${byModelNoFloor.under}/${byModelNoFloor.total})`);
  console.log(`empty-profile top 10: median rating count ${result.popular_top10.median_rating_count}: ${popular.map((m) => `${m.title} (${m.year}, ${m.ratingCount})`).join('; ')}`);
  for (const [k, v] of Object.entries(examples)) console.log(`${k}: ${v.join('; ')}`);
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  rec.dispose();
}
