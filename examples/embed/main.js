// The two ways a site uses cinerec: the custom element (one import) and the
// API (createRecommender). Both load the wasm, the worker and the default
// snapshot from the package itself.
import 'cinerec/element';
import { createRecommender, CinerecError } from 'cinerec';

const status = document.querySelector('#api-status');
const list = document.querySelector('#api');

try {
  const rec = await createRecommender({ algorithm: 'svd', params: { n_factors: 50, n_epochs: 20 } });
  const liked = ['heat 1995', 'godfather', 'pulp fiction'].map((q) => rec.movies.search(q)[0]);
  const top = await rec.recommend({ ratings: liked.map((m) => ({ movieId: m.movieId, rating: 5 })), n: 5 });
  status.textContent = `If you like ${liked.map((m) => m.title).join(', ')}:`;
  for (const m of top) {
    const li = document.createElement('li');
    li.textContent = `${m.title} (${m.year}) — ${m.reason}`;
    list.append(li);
  }
} catch (err) {
  status.textContent = err instanceof CinerecError ? `${err.code}: ${err.message}` : String(err);
}
