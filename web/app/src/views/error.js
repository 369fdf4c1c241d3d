// The loading screen, and the readable failure screen with ways forward when
// the catalogue is missing or damaged or the engine cannot start.
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
// `asked` names the catalogue that was asked for; `builtIn` is true when it
// was the built-in one.
const EXPLAIN = {
  SNAPSHOT_NOT_FOUND: ({ asked, builtIn }) => ({
    title: builtIn ? 'The built-in movie catalogue is missing' : 'This movie catalogue is not there',
    body: builtIn
      ? `This site has no catalogue at ${asked}. Try again in a moment, or open a catalogue file (.cinerec) from your computer.`
      : `There is no movie catalogue at ${asked}. Check the address, open a catalogue file (.cinerec) from your computer, or use the built-in catalogue.`,
  }),
  SNAPSHOT_CORRUPT: ({ asked, builtIn }) => ({
    title: 'This movie catalogue is damaged',
    body: `${asked} could not be read, so it was not used. ${builtIn ? 'Try again (it is downloaded afresh), or open a catalogue file from your computer.' : 'Open another catalogue file from your computer, or use the built-in catalogue.'}`,
  }),
  SNAPSHOT_VERSION: ({ asked, builtIn }) => ({
    title: 'This movie catalogue is from another version of cinerec',
    body: `This version of the app cannot read ${asked}. ${builtIn ? 'Reload to get the matching version of the app, or open a compatible catalogue file.' : 'Open a catalogue made for this version, or use the built-in catalogue.'}`,
  }),
  WASM_LOAD_FAILED: () => ({
    title: 'The recommender engine could not start',
    body: 'Your browser could not load cinerec’s WebAssembly engine. Reload the page; if it keeps failing, make sure WebAssembly is allowed (some strict security settings turn it off) or try an up-to-date Firefox, Chrome or Safari.',
  }),
  NETWORK: ({ asked }) => ({
    title: 'The movie catalogue could not be downloaded',
    body: `The connection failed before ${asked} arrived. If you are offline, connect once: after the first visit cinerec works without a network.`,
  }),
};

/**
 * @param {object} o
 * @param {string} o.asked the catalogue asked for, as a person would name it
 * @param {boolean} o.builtIn whether it was the built-in catalogue
 * @param {() => void} o.retry
 * @param {(bytes: Uint8Array, name: string) => void} o.openFile
 * @param {(() => void) | null} o.useBuiltIn back to the built-in catalogue (null when that is what failed)
 * @param {string} [o.note] why this page is shown again (a menu or search while nothing is loaded)
 */
export function renderError(main, err, { asked, builtIn, retry, openFile, useBuiltIn, note }) {
  const code = err?.code ?? 'INTERNAL';
  const info = EXPLAIN[code]?.({ asked, builtIn }) ?? {
    title: 'cinerec could not start',
    body: 'Something went wrong while starting the recommender. Reloading usually helps.',
  };
  const file = h('input', {
    type: 'file',
    accept: '.cinerec,application/octet-stream',
    class: 'file-input',
    onchange: async () => {
      const f = file.files[0];
      if (f) openFile(new Uint8Array(await f.arrayBuffer()), f.name);
    },
  });
  const saved = app.store?.ratings.size ?? 0;
  const catalogueProblem = code.startsWith('SNAPSHOT') || code === 'NETWORK';
  main.replaceChildren(
    h(
      'section',
      { class: 'error-page', role: 'alert', 'aria-labelledby': 'error-h' },
      note ? h('p', { class: 'notice warn' }, note) : null,
      h('h1', { id: 'error-h' }, info.title),
      h('p', { class: 'lede' }, info.body),
      saved ? h('p', {}, `Your ${plural(saved, 'rating')} ${saved === 1 ? 'is' : 'are'} safe on this device.`) : null,
      h(
        'div',
        { class: 'row wrap error-actions' },
        useBuiltIn ? h('button', { type: 'button', class: 'btn btn-primary', onclick: useBuiltIn }, 'Use the built-in catalogue') : null,
        h('button', { type: 'button', class: `btn${useBuiltIn ? '' : ' btn-primary'}`, onclick: () => reloadFresh(retry) }, 'Try again'),
        catalogueProblem ? field('Open a catalogue file', file) : null,
      ),
      h('details', { class: 'error-more' }, h('summary', {}, 'Technical details'), h('p', { class: 'error-detail' }, `${code}: ${err?.message ?? String(err)}`)),
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
