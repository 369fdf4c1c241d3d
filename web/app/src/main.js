// cinerec app entry: open the user's store, start the recommender (web/lib),
// route between views, keep the header's status line honest.
import './components/star-rating.js';
import { app, toast } from './app.js';
import { h, fmtInt, debounce, plural, replace } from './dom.js';
import { Store } from './store.js';
import { RecommenderLifecycle } from './recommender-lifecycle.js';
import { describeProgress } from './components/progress.js';
import { mountStorageNotice } from './components/storage-notice.js';
import { renderHome } from './views/home.js';
import { listOptions } from './views/recommendations.js';
import { renderBrowse, renderSearch } from './views/browse.js';
import { renderMovie } from './views/movie.js';
import { renderRatings } from './views/ratings.js';
import { renderData } from './views/data.js';
import { renderError, renderLoading } from './views/error.js';

const main = document.getElementById('main');
const status = document.getElementById('status');
const searchInput = document.getElementById('search-input');
const searchForm = document.getElementById('search-form');

const SNAPSHOT_URL = 'data/default.cinerec';

/** ?snapshot=data/my.cinerec picks another snapshot served by this same origin
 * (the app requests nothing from any other origin, so others are ignored). */
function askedSnapshot() {
  const asked = new URLSearchParams(location.search).get('snapshot');
  const url = asked ? new URL(asked, document.baseURI) : null;
  return url && url.origin === location.origin ? { url: url.href, name: asked } : null;
}
const builtInSource = () => ({ snapshotUrl: new URL(SNAPSHOT_URL, document.baseURI).href, name: SNAPSHOT_URL, builtIn: true });
function initialSource() {
  const asked = askedSnapshot();
  return asked ? { snapshotUrl: asked.url, name: asked.name, builtIn: false } : builtInSource();
}

// The sticky header's height, for scroll-margin-top (a heading scrolled to
// never lands under it).
const header = document.querySelector('.site-header');
if (header && typeof ResizeObserver === 'function') {
  new ResizeObserver(() => document.documentElement.style.setProperty('--header-h', `${header.offsetHeight}px`)).observe(header);
}

let cleanup = null;
let loaded = false;
let failure = null; // { err, source } while no catalogue could be loaded

function parseRoute() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean);
  return { name: parts[0] ?? 'home', arg: parts[1], params: new URLSearchParams(query) };
}

const PAGE_NAMES = { home: 'For you', browse: 'Browse', search: 'Search', movie: 'A movie page', ratings: 'My ratings', lab: 'The Model lab', data: 'My data' };

function showFailure(note) {
  const { err, source } = failure;
  renderError(main, err, {
    asked: source.name ?? 'the catalogue file',
    builtIn: !!source.builtIn,
    retry: () => start(source),
    openFile: (bytes, name) => start({ snapshot: bytes, name }),
    useBuiltIn: source.builtIn ? null : () => {
      // Drop ?snapshot= so a reload stays on the built-in catalogue.
      const url = new URL(location.href);
      url.searchParams.delete('snapshot');
      history.replaceState(null, '', url);
      start(builtInSource());
    },
    note,
  });
}

// The Model lab (with its charting library, about half of the app's code)
// loads when it is first opened, not with the first page.
let routeSeq = 0;
function lazyView(load, ...args) {
  const my = routeSeq;
  let disposed = false;
  let inner = null;
  replace(main, h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  load().then(
    (render) => {
      if (!disposed && my === routeSeq) inner = render(...args) ?? null;
    },
    (err) => {
      if (!disposed && my === routeSeq)
        replace(main, h('p', { class: 'error', role: 'alert' }, `This page could not be loaded (${err?.message ?? err}). Reload to try again.`));
    },
  );
  return () => {
    disposed = true;
    inner?.();
  };
}

function route() {
  routeSeq++;
  if (!loaded) {
    // Nothing to show without a catalogue: say so where the person asked.
    if (failure) {
      const { name } = parseRoute();
      const what = name === 'search' ? 'Search' : PAGE_NAMES[name] ?? 'That page';
      showFailure(`${what} needs a movie catalogue, and none is loaded yet.`);
    }
    return;
  }
  const { name, arg, params } = parseRoute();
  cleanup?.();
  cleanup = null;
  document.title = 'cinerec — private movie recommendations';
  for (const a of document.querySelectorAll('.tabs a')) {
    if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (name !== 'search' && document.activeElement !== searchInput) searchInput.value = '';
  const views = {
    home: () => renderHome(main),
    browse: () => renderBrowse(main, params),
    search: () => renderSearch(main, params),
    movie: () => renderMovie(main, arg),
    ratings: () => renderRatings(main, params),
    lab: () => lazyView(() => import('./views/lab.js').then((m) => m.renderLab), main),
    data: () => renderData(main),
  };
  cleanup = (views[name] ?? views.home)() ?? null;
  if (name !== 'search') window.scrollTo(0, 0);
}

const goSearch = debounce(() => {
  const q = searchInput.value.trim();
  const target = q ? `#/search?q=${encodeURIComponent(q)}` : '#/browse';
  if (parseRoute().name === 'search') {
    history.replaceState(null, '', target);
    route();
  } else location.hash = target;
}, 150);
searchInput.addEventListener('input', goSearch);
searchForm.addEventListener('submit', (e) => {
  e.preventDefault();
  goSearch();
});
window.addEventListener('hashchange', () => {
  // A click elsewhere wins over a search still waiting for its debounce.
  if (parseRoute().name !== 'search') goSearch.cancel();
  route();
});

function updateStatus() {
  const { lifecycle, store } = app;
  const rec = lifecycle.rec;
  if (!rec) return;
  const info = rec.snapshotInfo;
  const parts = [];
  const job = lifecycle.job;
  if (lifecycle.state === 'training' && job) {
    parts.push(job.kind === 'load' ? `Loading the saved ${job.algorithm} model…` : `Training ${describeProgress(job.progress, job.algorithm)}`);
    if (rec.model && job.kind === 'train') parts.push(`${rec.model.algorithm} in use`);
  } else if (rec.model) parts.push(`model: ${rec.model.algorithm}`);
  // A catalogue ships no ratings: say how many its model was built from, not "0 ratings".
  parts.push(rec.isCatalogue ? `${fmtInt(info.movies)} movies, a model built from ${fmtInt(info.ratedBy?.ratings ?? 0)} ratings` : `${fmtInt(info.movies)} movies, ${fmtInt(info.ratings)} ratings`);
  if (store.ratings.size) parts.push(`${plural(store.ratings.size, 'rating')} of yours, on this device`);
  status.textContent = parts.join(' · ');
}

async function start(source = initialSource()) {
  const store = app.store ?? new Store();
  // The catalogue loads while the device's ratings are read: the worker, the
  // wasm and the snapshot do not wait for IndexedDB (store.init never throws;
  // the lifecycle waits for it before it picks a model or anything renders).
  let storeReady = Promise.resolve();
  if (!app.store) {
    app.store = store;
    storeReady = store.init().then(() => {
      const notices = h('div', { class: 'storage-notices' });
      document.querySelector('.site-header').after(notices);
      mountStorageNotice(notices, store);
    });
  }
  cleanup?.();
  cleanup = null;
  app.lifecycle?.rec?.dispose();
  const lifecycle = new RecommenderLifecycle(store);
  app.lifecycle = lifecycle;
  lifecycle.firstListOptions = () => listOptions(store, lifecycle);
  loaded = false;
  failure = null;

  const showLoading = () => {
    const known = store.settings.catalogueCounts;
    const loadingText = known && source.builtIn
      ? `Loading ${fmtInt(known.movies)} movies and ${fmtInt(known.ratings)} ratings…`
      : 'Loading the movie catalogue…';
    status.textContent = loadingText;
    renderLoading(main, loadingText);
  };
  showLoading();
  // Once the settings are read, the counts of the last visit (if still loading).
  storeReady.then(() => lifecycle.state === 'loading' && app.lifecycle === lifecycle && showLoading());

  lifecycle.addEventListener('state', updateStatus);
  lifecycle.addEventListener('model', updateStatus);
  store.addEventListener('change', updateStatus);
  lifecycle.addEventListener('loaded', () => {
    const info = lifecycle.rec.snapshotInfo;
    store.setSetting('catalogueCounts', { movies: info.movies, ratings: info.ratings });
    loaded = true;
    document.body.dataset.ready = 'catalogue';
    updateStatus();
    route();
  });
  lifecycle.addEventListener('model', () => (document.body.dataset.ready = 'model'));
  lifecycle.addEventListener('notice', (e) => toast(e.detail.message, { timeout: 15000 }));

  try {
    await lifecycle.start(source, storeReady);
  } catch (err) {
    if (!loaded) {
      failure = { err, source };
      delete document.body.dataset.ready;
      showFailure();
      status.textContent = 'No movie catalogue is loaded.';
    } else if (err?.code !== 'ABORTED') {
      status.textContent = `Training failed: ${err.message}`;
    }
  }
}

start();

// Offline: the service worker caches the app, the wasm and the snapshot. Only in
// a production build (the dev server serves modules that change under it).
// Registered at 'load' (measured, bench/README-catalogue.md: registering it only
// after the first picks made the next visit ~0.15 s slower and the first no faster).
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {});
  });
}

