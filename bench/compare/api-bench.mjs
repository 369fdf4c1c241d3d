// Medians through the public API, in-process (no worker hop), for comparing
// two checkouts side by side: node bench/compare/api-bench.mjs TREE → one JSON line.
// TREE holds a built web/wasm and public/data/default.cinerec.
const tree = process.argv[2];
const { createRecommender } = await import(`${tree}/web/lib/node.js`);
const snap = `${tree}/public/data/default.cinerec`, wasm = `${tree}/web/wasm/cinerec.wasm`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = {};
let t = performance.now();
const rec = await createRecommender({ snapshotUrl: snap, wasmUrl: wasm, worker: false, algorithm: null });
out.load_ms = performance.now() - t;
const ratings = rec.movies.popular({ limit: 40 }).filter((_, i) => i % 2 === 0).map((m, i) => ({ movieId: m.movieId, rating: 1 + ((i * 7) % 9) / 2 }));
for (const algorithm of ['svd', 'ials', 'item-knn', 'hybrid', 'knn-basic']) {
  const fits = [];
  for (let k = 0; k < (algorithm === 'knn-basic' ? 1 : 3); k++) { t = performance.now(); await rec.train({ algorithm }); fits.push(performance.now() - t); }
  const runs = algorithm === 'knn-basic' ? 5 : 60;
  for (const reasons of [false, true]) {
    const xs = [];
    for (let k = 0; k < runs; k++) { t = performance.now(); await rec.recommend({ ratings, n: 10, reasons }); xs.push(performance.now() - t); }
    out[`${algorithm}_recommend_${reasons ? 'reasons' : 'plain'}_ms`] = median(xs);
  }
  out[`${algorithm}_fit_ms`] = median(fits);
}
rec.dispose();
console.log(JSON.stringify(out));
