// <cinerec-recommendations>: a small rate-and-recommend widget any page can
// drop in (docs/api.md "The custom element"). It uses only the public API of
// index.js. Titles are set as text, never as HTML (nothing in it parses HTML); the host styles it through
// ::part() and --cinerec-* custom properties.
import { createRecommender } from './index.js';

const STYLE = `
:host { display: block; font: var(--cinerec-font, 14px/1.4 system-ui, sans-serif); color: var(--cinerec-fg, #1d1d1f);
  background: var(--cinerec-bg, transparent); }
[part=root] { display: grid; gap: var(--cinerec-gap, 0.75em); }
[part=status] { color: var(--cinerec-muted, #6e6e73); min-height: 1.4em; }
[part=status][data-error] { color: var(--cinerec-error, #b00020); }
[part=search] { font: inherit; padding: 0.4em 0.6em; border: 1px solid var(--cinerec-muted, #6e6e73);
  border-radius: var(--cinerec-radius, 6px); width: 100%; box-sizing: border-box; }
ul, ol { margin: 0; padding: 0; list-style: none; display: grid; gap: 0.25em; }
[part=result] { font: inherit; text-align: left; width: 100%; border: 0; background: none; padding: 0.3em 0.5em;
  border-radius: var(--cinerec-radius, 6px); cursor: pointer; color: inherit; }
[part=result]:hover, [part=result]:focus-visible { background: color-mix(in srgb, var(--cinerec-accent, #0a66c2) 12%, transparent); }
h3 { font-size: 1em; margin: 0.5em 0 0; }
[part~=rated-item] { display: flex; gap: 0.5em; align-items: center; flex-wrap: wrap; }
[part~=rated-item] [part=title] { flex: 1 1 12em; }
[part=rating] { accent-color: var(--cinerec-accent, #0a66c2); }
.stars { min-width: 3.2em; color: var(--cinerec-accent, #0a66c2); }
button.remove { font: inherit; border: 0; background: none; cursor: pointer; color: var(--cinerec-muted, #6e6e73); }
[part=list] { counter-reset: rec; }
[part=item] { display: grid; padding: 0.35em 0.5em; border-radius: var(--cinerec-radius, 6px);
  background: color-mix(in srgb, var(--cinerec-accent, #0a66c2) 5%, transparent); }
[part=item] [part=title] { font-weight: 600; }
[part=meta], [part=reason] { color: var(--cinerec-muted, #6e6e73); font-size: 0.9em; }
`;

const stars = (r) => `${r}★`;

// A constructed style sheet, so a host's Content-Security-Policy needs no
// 'unsafe-inline' for the widget (docs/api.md "Content policy"); a <style>
// only where constructed sheets are missing.
let sheet = null;
function adoptStyle(root) {
  if ('adoptedStyleSheets' in Document.prototype && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
    }
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = STYLE;
    root.append(style);
  }
}

export class CinerecRecommendations extends HTMLElement {
  static get observedAttributes() {
    return ['snapshot', 'n', 'storage-key', 'algorithm', 'params', 'wasm', 'worker'];
  }

  #rec = null;
  #abort = null;
  #ratings = [];
  #timer = 0;
  #version = 0;
  #els = {};

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    adoptStyle(root);
    const el = (tag, attrs, text) => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (text) e.textContent = text;
      return e;
    };
    this.#els = {
      status: el('div', { part: 'status', role: 'status', 'aria-live': 'polite' }),
      search: el('input', { part: 'search', type: 'search', autocomplete: 'off', placeholder: 'Find a movie you have seen…', 'aria-label': 'Find a movie' }),
      results: el('ul', { part: 'results', 'aria-label': 'Search results' }),
      rated: el('ul', { part: 'rated', 'aria-label': 'Your ratings' }),
      list: el('ol', { part: 'list', 'aria-label': 'Recommendations' }),
    };
    const box = el('div', { part: 'root' });
    box.append(this.#els.status, this.#els.search, this.#els.results, el('h3', { part: 'heading' }, 'Your ratings'),
      this.#els.rated, el('h3', { part: 'heading' }, 'Recommended for you'), this.#els.list);
    root.append(box);
    this.#els.search.addEventListener('input', () => this.#renderResults());
    this.#els.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.#els.results.querySelector('button')?.click();
    });
  }

  /** The Recommender once ready (null before). */
  get recommender() {
    return this.#rec;
  }

  /** The ratings as [{movieId, rating}] (a copy). Setting replaces and stores them. */
  get ratings() {
    return this.#ratings.map((r) => ({ ...r }));
  }
  set ratings(list) {
    this.#ratings = Array.isArray(list) ? list.map(({ movieId, rating }) => ({ movieId, rating })) : [];
    this.#save();
    this.#renderRated();
    this.#schedule();
  }

  get storageKey() {
    return this.getAttribute('storage-key') || 'cinerec-ratings';
  }

  connectedCallback() {
    if (!this.#rec && !this.#abort) this.#start();
  }

  disconnectedCallback() {
    // Moving the element in the DOM reconnects it in the same task; only a
    // real removal frees the worker.
    queueMicrotask(() => {
      if (!this.isConnected) this.#stop();
    });
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.isConnected) return;
    if (name === 'n') this.#schedule();
    else if (name === 'storage-key') {
      this.#load();
      this.#renderRated();
      this.#schedule();
    } else {
      this.#stop();
      this.#start();
    }
  }

  #status(text, error = false) {
    this.#els.status.textContent = text;
    this.#els.status.toggleAttribute('data-error', error);
  }

  #stop() {
    this.#abort?.abort();
    this.#abort = null;
    this.#rec?.dispose();
    this.#rec = null;
  }

  async #start() {
    const abort = (this.#abort = new AbortController());
    this.#status('Loading movies…');
    let params;
    try {
      params = JSON.parse(this.getAttribute('params') || '{}');
    } catch {
      params = {};
    }
    const options = {
      signal: abort.signal,
      algorithm: this.getAttribute('algorithm') || undefined, // the library's default
      params,
      onProgress: (p) => {
        if (p.totalEpochs) this.#status(`Training… ${Math.round((100 * p.epoch) / p.totalEpochs)}%`);
      },
    };
    if (this.hasAttribute('snapshot')) options.snapshotUrl = this.getAttribute('snapshot');
    if (this.hasAttribute('wasm')) options.wasmUrl = this.getAttribute('wasm');
    if (this.hasAttribute('worker')) options.workerUrl = this.getAttribute('worker');
    try {
      const rec = await createRecommender(options);
      if (abort.signal.aborted) return rec.dispose();
      this.#rec = rec;
      this.#load();
      this.#renderRated();
      this.#renderResults(); // what was typed while the movies loaded
      this.#status(`${rec.movies.count.toLocaleString()} movies`);
      this.dispatchEvent(new CustomEvent('cinerec-ready', { detail: rec }));
      await this.#recommend();
    } catch (err) {
      if (abort.signal.aborted) return;
      this.#status(`Could not load recommendations: ${err.message}`, true);
      this.dispatchEvent(new CustomEvent('cinerec-error', { detail: err }));
    }
  }

  #load() {
    let list = [];
    try {
      list = JSON.parse(localStorage.getItem(this.storageKey) || '[]');
    } catch {
      list = [];
    }
    const movies = this.#rec?.movies;
    this.#ratings = (Array.isArray(list) ? list : []).filter(
      (r) => r && typeof r.movieId === 'number' && typeof r.rating === 'number' && (!movies || movies.has(r.movieId)),
    );
  }

  #save() {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(this.#ratings));
    } catch {
      /* storage full or blocked: ratings stay in memory */
    }
  }

  #rate(movieId, rating) {
    const i = this.#ratings.findIndex((r) => r.movieId === movieId);
    if (rating === null) {
      if (i >= 0) this.#ratings.splice(i, 1);
    } else if (i >= 0) this.#ratings[i].rating = rating;
    else this.#ratings.push({ movieId, rating });
    this.#save();
    this.#renderRated();
    this.#schedule();
  }

  #schedule() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#recommend(), 150);
  }

  async #recommend() {
    const rec = this.#rec;
    if (!rec) return;
    const version = ++this.#version;
    const n = Math.max(1, Math.min(100, parseInt(this.getAttribute('n') || '10', 10) || 10));
    try {
      const list = await rec.recommend({ ratings: this.#ratings, n });
      if (version !== this.#version || rec !== this.#rec) return;
      this.#renderList(list);
      this.dispatchEvent(new CustomEvent('cinerec-recommendations', { detail: list }));
    } catch (err) {
      if (rec !== this.#rec) return;
      this.#status(err.message, true);
      this.dispatchEvent(new CustomEvent('cinerec-error', { detail: err }));
    }
  }

  #renderResults() {
    const ul = this.#els.results;
    ul.replaceChildren();
    const q = this.#els.search.value.trim();
    if (!this.#rec || !q) return;
    for (const m of this.#rec.movies.search(q, { limit: 6 })) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('part', 'result');
      b.textContent = m.year ? `${m.title} (${m.year})` : m.title;
      b.addEventListener('click', () => {
        if (!this.#ratings.some((r) => r.movieId === m.movieId)) this.#rate(m.movieId, 4);
        this.#els.search.value = '';
        ul.replaceChildren();
        this.#els.rated.querySelector(`[data-movie-id="${m.movieId}"] input`)?.focus();
      });
      li.append(b);
      ul.append(li);
    }
  }

  #renderRated() {
    const ul = this.#els.rated;
    ul.replaceChildren();
    const movies = this.#rec?.movies;
    if (!movies) return;
    for (const r of this.#ratings) {
      const m = movies.get(r.movieId);
      if (!m) continue;
      const li = document.createElement('li');
      li.setAttribute('part', 'rated-item');
      li.dataset.movieId = String(m.movieId);
      const title = document.createElement('span');
      title.setAttribute('part', 'title');
      title.textContent = m.year ? `${m.title} (${m.year})` : m.title;
      const input = document.createElement('input');
      input.type = 'range';
      input.min = '0.5';
      input.max = '5';
      input.step = '0.5';
      input.value = String(r.rating);
      input.setAttribute('part', 'rating');
      input.setAttribute('aria-label', `Your rating of ${m.title}`);
      const shown = document.createElement('span');
      shown.className = 'stars';
      shown.textContent = stars(r.rating);
      input.addEventListener('input', () => (shown.textContent = stars(Number(input.value))));
      input.addEventListener('change', () => this.#rate(m.movieId, Number(input.value)));
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'remove';
      remove.textContent = '×';
      remove.setAttribute('aria-label', `Remove ${m.title}`);
      remove.addEventListener('click', () => this.#rate(m.movieId, null));
      li.append(title, input, shown, remove);
      ul.append(li);
    }
  }

  #renderList(list) {
    const ol = this.#els.list;
    ol.replaceChildren();
    for (const m of list) {
      const li = document.createElement('li');
      li.setAttribute('part', 'item');
      li.dataset.movieId = String(m.movieId);
      const title = document.createElement('span');
      title.setAttribute('part', 'title');
      title.textContent = m.title;
      const meta = document.createElement('span');
      meta.setAttribute('part', 'meta');
      meta.textContent = [m.year, m.genres.slice(0, 3).join(', ')].filter(Boolean).join(' · ');
      const reason = document.createElement('span');
      reason.setAttribute('part', 'reason');
      reason.textContent = m.reason;
      li.append(title, meta, reason);
      ol.append(li);
    }
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('cinerec-recommendations'))
  customElements.define('cinerec-recommendations', CinerecRecommendations);
