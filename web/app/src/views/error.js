// The loading screen, and the readable failure screen with ways forward when
// the snapshot is missing or corrupt or the engine cannot start.
import { app } from '../app.js';
import { h, plural, field } from '../dom.js';

export function renderLoading(main, text) {
  main.replaceChildren(
    h(
      'div',
      { class: 'loading', 'aria-busy': 'true' },
      h('div', { class: 'spinner', 'aria-hidden': 'true' }),
      h('p', { class: 'lede' }, text),
      h('p', { class: 'muted' }, 'cinerec runs entirely in your browser. Your ratings stay on this device.'),
    ),
  );
}

// By the code createRecommender failed with (docs/api.md "Errors"); the rest
// (INTERNAL, and codes that loading a snapshot cannot raise, such as the
// file-reading PARSE_ERROR, NOT_FOUND and IO_ERROR) get the general text.
const EXPLAIN = {
  SNAPSHOT_NOT_FOUND: {
    title: 'The movie catalogue is missing',
    body: 'The server did not have the catalogue file (data/default.cinerec). If you run cinerec yourself, build it with “npm run snapshot” and reload. You can also open a .cinerec snapshot file from your computer.',
  },
  SNAPSHOT_CORRUPT: {
    title: 'The movie catalogue is damaged',
    body: 'The catalogue file could not be read, so it was not used. Reloading fetches it again; if that does not help, the file on the server needs rebuilding (“npm run snapshot”). You can also open a .cinerec snapshot file from your computer.',
  },
  SNAPSHOT_VERSION: {
    title: 'The movie catalogue is from another version of cinerec',
    body: 'This version of the app cannot read that catalogue format. Rebuild the snapshot with this version (“npm run snapshot”), or open a compatible .cinerec file.',
  },
  WASM_LOAD_FAILED: {
    title: 'The recommender engine could not start',
    body: 'Your browser could not load cinerec’s WebAssembly engine. Reload the page; if it keeps failing, make sure WebAssembly is allowed (some strict security settings turn it off) or try an up-to-date Firefox, Chrome or Safari.',
  },
  NETWORK: {
    title: 'The movie catalogue could not be downloaded',
    body: 'The connection failed before the catalogue arrived. If you are offline, connect once: after the first visit cinerec works without a network.',
  },
};

export function renderError(main, err, { retry, openFile }) {
  const code = err?.code ?? 'INTERNAL';
  const info = EXPLAIN[code] ?? {
    title: 'cinerec could not start',
    body: 'Something went wrong while starting the recommender. Reloading usually helps.',
  };
  const file = h('input', {
    type: 'file',
    accept: '.cinerec,application/octet-stream',
    class: 'file-input',
    onchange: async () => {
      const f = file.files[0];
      if (f) openFile(new Uint8Array(await f.arrayBuffer()));
    },
  });
  const saved = app.store?.ratings.size ?? 0;
  main.replaceChildren(
    h(
      'section',
      { class: 'error-page', role: 'alert', 'aria-labelledby': 'error-h' },
      h('h1', { id: 'error-h' }, info.title),
      h('p', { class: 'lede' }, info.body),
      h('p', { class: 'error-detail' }, h('span', { class: 'muted' }, `Details (${code}): `), err?.message ?? String(err)),
      saved ? h('p', {}, `Your ${plural(saved, 'rating')} are safe on this device.`) : null,
      h(
        'div',
        { class: 'row wrap' },
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => reloadFresh(retry) }, 'Try again'),
        code.startsWith('SNAPSHOT') ? field('Open a snapshot file', file) : null,
      ),
    ),
  );
}

/** Retry without a cached copy of a bad file: drop the offline cache first. */
async function reloadFresh(retry) {
  try {
    if ('caches' in window) for (const key of await caches.keys()) if (key.startsWith('cinerec-')) await caches.delete(key);
  } catch {
    /* no cache access: retry anyway */
  }
  retry();
}
