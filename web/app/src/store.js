// The user's data: ratings, hidden movies, settings and trained models, kept in
// IndexedDB (through idb) and written through on every change, so nothing the
// user entered is lost on reload or crash. Nothing here ever leaves the device.
//
// Ratings survive anything:
//  - Tabs stay in sync live: every change is posted on a BroadcastChannel and
//    the other tabs apply it to their memory (IndexedDB already holds it).
//  - Concurrent edits keep every rating: each change writes only its own
//    records, and a record carries `at` (when it was edited): the later edit of
//    the same movie wins in every tab and in IndexedDB, whatever order the
//    writes and messages arrive in. (`ts` is the rating's own date, which an
//    import takes from the file.)
//  - IndexedDB unavailable, blocked, over quota or failing: the store keeps
//    working from memory, sets `problem` and emits 'storage' once, so the app
//    can say so and offer the JSON export.
import { openDB } from 'idb';

const DB_NAME = 'cinerec-app';
const DB_VERSION = 1;
const CHANNEL = 'cinerec-app';
// How long an open may wait before the store works from memory: an upgrade
// blocked by another tab's connection, or an open queued behind another
// tab's pending deletion of the database (which says nothing at all).
const BLOCKED_WAIT_MS = 3000;
const OPEN_WAIT_MS = 10_000;

export const DEFAULT_SETTINGS = {
  n: 10,
  recGenre: '',
  recDecade: '',
  hideObscure: true,
  algorithm: null,
  params: null,
  welcomeDone: false,
};

/** What a storage failure means for the person; `kind` is stable, `message` is for people. */
const PROBLEMS = {
  unavailable: 'This browser does not let cinerec save anything on this device (a private window, or site data turned off).',
  blocked: 'Another cinerec tab keeps the saved data locked (an older version of the app may still be open there).',
  newer: 'A newer version of cinerec uses the data on this device (in another tab, or since an update), so this tab cannot save.',
  quota: 'This device has no storage space left for cinerec.',
  failed: 'Saving on this device failed.',
};

function problemOf(err) {
  if (err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError') return 'quota';
  return 'failed';
}

/**
 * Emits 'change' events with detail { movieIds: number[], kind, remote } after
 * every change to ratings or hidden movies (remote: made in another tab),
 * 'settings' after a settings change, and 'storage' with detail { problem }
 * when IndexedDB stops working and the store goes on from memory.
 */
export class Store extends EventTarget {
  #channel = null;
  #deleted = { ratings: new Map(), hidden: new Map() }; // movieId → at of a deletion, for the later-edit-wins rule
  #clock = 0;

  constructor() {
    super();
    this.ratings = new Map(); // movieId → { movieId, rating, ts, at }
    this.hidden = new Map(); // movieId → { movieId, ts, at }
    this.settings = { ...DEFAULT_SETTINGS };
    this.db = null;
    this.persistent = true;
    this.problem = null; // { kind, message, error } once IndexedDB failed
  }

  get lastError() {
    return this.problem?.error ?? null;
  }

  async init() {
    this.#listen();
    if (typeof indexedDB === 'undefined' || !indexedDB) {
      this.#lose('unavailable', new Error('indexedDB is not defined'));
      return;
    }
    try {
      this.db = await this.#open();
      const [ratings, hidden, keys, values] = await Promise.all([
        this.db.getAll('ratings'),
        this.db.getAll('hidden'),
        this.db.getAllKeys('settings'),
        this.db.getAll('settings'),
      ]);
      for (const r of ratings) this.ratings.set(r.movieId, r);
      for (const x of hidden) this.hidden.set(x.movieId, x);
      keys.forEach((k, i) => (this.settings[k] = values[i]));
    } catch (err) {
      this.db?.close();
      this.db = null;
      const kind = { QuotaExceededError: 'quota', VersionError: 'newer' }[err?.name] ?? err?.kind ?? 'unavailable';
      this.#lose(kind, err);
    }
  }

  #open() {
    return new Promise((resolve, reject) => {
      let settled = false;
      let timer = 0;
      const giveUp = (ms) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          settled = true;
          reject(Object.assign(new Error('the database stayed blocked by another tab'), { kind: 'blocked' }));
        }, ms);
      };
      giveUp(OPEN_WAIT_MS);
      const opening = openDB(DB_NAME, DB_VERSION, {
        upgrade(db) {
          db.createObjectStore('ratings', { keyPath: 'movieId' });
          db.createObjectStore('hidden', { keyPath: 'movieId' });
          db.createObjectStore('settings');
          db.createObjectStore('models', { keyPath: 'key' });
        },
        blocked: () => giveUp(BLOCKED_WAIT_MS),
        // Another tab opens a newer version (or deletes the database): let it, and go on from memory.
        blocking: (current, wanted) => {
          this.db?.close();
          this.db = null;
          this.#lose(wanted ? 'newer' : 'failed', new Error(`another tab ${wanted ? 'opened a newer version of' : 'deleted'} the database`));
        },
        terminated: () => {
          this.db = null;
          this.#lose('failed', new Error('the browser closed the database'));
        },
      });
      opening.then(
        (db) => {
          clearTimeout(timer);
          if (settled) db.close(); // too late: this tab already works from memory
          else resolve(db);
        },
        (err) => {
          clearTimeout(timer);
          if (!settled) reject(err);
        },
      );
    });
  }

  /** From now on, memory only: say so once (the 'storage' event). */
  #lose(kind, error) {
    if (this.problem) return;
    this.persistent = false;
    this.problem = { kind, message: PROBLEMS[kind] ?? PROBLEMS.failed, error };
    this.dispatchEvent(new CustomEvent('storage', { detail: { problem: this.problem } }));
  }

  /** Runs fn(db) when IndexedDB works; a failure switches to memory and is not thrown. */
  async #persist(fn) {
    if (!this.db || this.problem) return;
    try {
      await fn(this.db);
    } catch (err) {
      if (!this.db) return; // closed meanwhile (another tab took over): already reported
      this.#lose(problemOf(err), err);
    }
  }

  // A clock for `at` that never repeats or goes back within this tab.
  #now() {
    this.#clock = Math.max(Date.now(), this.#clock + 1);
    return this.#clock;
  }

  rating(movieId) {
    return this.ratings.get(movieId)?.rating ?? null;
  }

  isHidden(movieId) {
    return this.hidden.has(movieId);
  }

  /** Ratings as the library wants them: [{ movieId, rating }]. */
  profile() {
    return [...this.ratings.values()].map(({ movieId, rating }) => ({ movieId, rating }));
  }

  /**
   * Apply a batch of changes, each { movieId, rating?: number|null, hidden?: boolean }
   * (a missing key leaves that part alone). Returns the inverse batch, for undo.
   * Never rejects for a storage failure: the change stays in memory and the
   * store reports the problem ('storage').
   */
  async apply(changes, kind = 'edit') {
    const inverse = [];
    const ts = Date.now();
    const at = this.#now();
    const ops = { ratings: [], hidden: [] }; // { movieId, rec | null, at }
    for (const c of changes) {
      const inv = { movieId: c.movieId };
      if ('rating' in c) {
        inv.rating = this.rating(c.movieId);
        const rec = c.rating == null ? null : { movieId: c.movieId, rating: c.rating, ts: c.ts ?? ts, at };
        ops.ratings.push({ movieId: c.movieId, rec, at });
      }
      if ('hidden' in c) {
        inv.hidden = this.isHidden(c.movieId);
        const rec = c.hidden ? { movieId: c.movieId, ts: c.ts ?? ts, at } : null;
        ops.hidden.push({ movieId: c.movieId, rec, at });
      }
      inverse.push(inv);
    }
    this.#applyOps(ops);
    this.dispatchEvent(new CustomEvent('change', { detail: { movieIds: changes.map((c) => c.movieId), kind, remote: false } }));
    await this.#persist(async (db) => {
      const tx = db.transaction(['ratings', 'hidden'], 'readwrite');
      await Promise.all([...writeLatest(tx.objectStore('ratings'), ops.ratings), ...writeLatest(tx.objectStore('hidden'), ops.hidden), tx.done]);
    });
    this.#post({ type: 'ops', ops, kind });
    return inverse.reverse();
  }

  // Into memory, each op only when it is later than what this tab holds.
  #applyOps(ops) {
    const changed = [];
    for (const name of ['ratings', 'hidden']) {
      const map = this[name];
      const deleted = this.#deleted[name];
      for (const { movieId, rec, at } of ops[name]) {
        const mine = Math.max(map.get(movieId)?.at ?? 0, deleted.get(movieId) ?? 0);
        if (at < mine) continue;
        if (rec) {
          map.set(movieId, rec);
          deleted.delete(movieId);
        } else {
          map.delete(movieId);
          deleted.set(movieId, at);
        }
        changed.push(movieId);
      }
    }
    return changed;
  }

  async setSetting(key, value) {
    this.settings[key] = value;
    this.dispatchEvent(new CustomEvent('settings', { detail: { key, value, remote: false } }));
    await this.#persist((db) => db.put('settings', value, key));
    this.#post({ type: 'setting', key, value });
  }

  // ---- trained models (bytes from rec.saveModel(), keyed by snapshot + algorithm + params)
  async putModel(record) {
    await this.#persist((db) => db.put('models', record));
  }
  async getModel(key) {
    return this.db ? this.db.get('models', key) : undefined;
  }
  async listModels() {
    if (!this.db) return [];
    const all = await this.db.getAll('models');
    return all.sort((a, b) => b.createdAt - a.createdAt);
  }
  async deleteModel(key) {
    await this.#persist((db) => db.delete('models', key));
  }

  /** Everything the user entered, as a plain object (models are left out: they can be retrained). */
  exportData(describe) {
    const withTitle = ({ at, ...rec }) => {
      const m = describe(rec.movieId);
      return m ? { ...rec, title: m.title, year: m.year ?? null } : rec;
    };
    return {
      format: 'cinerec-user-data',
      version: 1,
      exportedAt: new Date().toISOString(),
      ratings: [...this.ratings.values()].sort((a, b) => a.ts - b.ts).map(withTitle),
      hidden: [...this.hidden.values()].sort((a, b) => a.ts - b.ts).map(withTitle),
      settings: { ...this.settings },
    };
  }

  /**
   * Everything cinerec keeps about the person goes: the IndexedDB stores, and
   * the service worker's copies of snapshots they chose (sw.js keeps those
   * apart from the app's own files); the other tabs forget it too.
   */
  async deleteAll() {
    this.#forgetAll(this.#now());
    await this.#persist(async (db) => {
      const tx = db.transaction(['ratings', 'hidden', 'settings', 'models'], 'readwrite');
      await Promise.all([
        tx.objectStore('ratings').clear(),
        tx.objectStore('hidden').clear(),
        tx.objectStore('settings').clear(),
        tx.objectStore('models').clear(),
        tx.done,
      ]);
    });
    if (typeof caches !== 'undefined') {
      try {
        for (const key of await caches.keys()) if (key.startsWith('cinerec-user-')) await caches.delete(key);
      } catch {
        /* no Cache Storage here (e.g. an opaque origin) */
      }
    }
    this.#post({ type: 'delete-all' });
  }

  #forgetAll(at) {
    for (const name of ['ratings', 'hidden']) {
      for (const movieId of this[name].keys()) this.#deleted[name].set(movieId, at);
      this[name].clear();
    }
    this.settings = { ...DEFAULT_SETTINGS };
    this.dispatchEvent(new CustomEvent('change', { detail: { movieIds: [], kind: 'delete-all', remote: false } }));
    this.dispatchEvent(new CustomEvent('settings', { detail: { key: null } }));
  }

  // ---- the other tabs
  #listen() {
    if (typeof BroadcastChannel === 'undefined' || this.#channel) return;
    this.#channel = new BroadcastChannel(CHANNEL);
    this.#channel.onmessage = ({ data }) => {
      if (data?.type === 'ops') {
        const movieIds = this.#applyOps(data.ops);
        if (movieIds.length) this.dispatchEvent(new CustomEvent('change', { detail: { movieIds, kind: data.kind, remote: true } }));
      } else if (data?.type === 'setting') {
        this.settings[data.key] = data.value;
        this.dispatchEvent(new CustomEvent('settings', { detail: { key: data.key, value: data.value, remote: true } }));
      } else if (data?.type === 'delete-all') {
        this.#forgetAll(this.#now());
      }
    };
  }

  #post(message) {
    try {
      this.#channel?.postMessage(message);
    } catch {
      /* a closed channel: this tab is going away */
    }
  }

  // ---- asking the browser to keep the data (navigator.storage.persist), only when the person agrees
  /** true / false, or null where the browser has no such notion. */
  async persisted() {
    return navigator.storage?.persisted ? navigator.storage.persisted() : null;
  }
  async requestPersistence() {
    return navigator.storage?.persist ? navigator.storage.persist() : null;
  }

  /** Stops listening to the other tabs and closes the database (tests, page teardown). */
  close() {
    this.#channel?.close();
    this.#channel = null;
    this.db?.close();
    this.db = null;
  }
}

// Puts or deletes each record unless the store holds a later edit of it
// (another tab's): requests issued together in one transaction.
function writeLatest(store, ops) {
  return ops.map(async ({ movieId, rec, at }) => {
    const current = await store.get(movieId);
    if ((current?.at ?? 0) > at) return;
    await (rec ? store.put(rec) : store.delete(movieId));
  });
}
