// The user's data: ratings, hidden movies, settings and trained models, kept in
// IndexedDB (through idb) and written through on every change, so nothing the
// user entered is lost on reload or crash. Nothing here ever leaves the device.
import { openDB } from 'idb';

const DB_NAME = 'cinerec-app';
const DB_VERSION = 1;

export const DEFAULT_SETTINGS = {
  n: 10,
  recGenre: '',
  recDecade: '',
  hideObscure: true,
  algorithm: null,
  params: null,
  welcomeDone: false,
};

function openDatabase() {
  return openDB(DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('ratings', { keyPath: 'movieId' });
      db.createObjectStore('hidden', { keyPath: 'movieId' });
      db.createObjectStore('settings');
      db.createObjectStore('models', { keyPath: 'key' });
    },
  });
}

/**
 * Emits 'change' events with detail { movieIds: number[], kind } after every
 * change to ratings or hidden movies, and 'settings' after a settings change.
 */
export class Store extends EventTarget {
  constructor() {
    super();
    this.ratings = new Map(); // movieId → { movieId, rating, ts }
    this.hidden = new Map(); // movieId → { movieId, ts }
    this.settings = { ...DEFAULT_SETTINGS };
    this.db = null;
    this.persistent = true;
    this.lastError = null;
  }

  async init() {
    try {
      this.db = await openDatabase();
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
      // Private windows in some browsers refuse IndexedDB: keep working in memory, and say so.
      this.persistent = false;
      this.lastError = err;
    }
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
   */
  async apply(changes, kind = 'edit') {
    const inverse = [];
    const ts = Date.now();
    const ratingPuts = [];
    const ratingDels = [];
    const hiddenPuts = [];
    const hiddenDels = [];
    for (const c of changes) {
      const inv = { movieId: c.movieId };
      if ('rating' in c) {
        inv.rating = this.rating(c.movieId);
        if (c.rating == null) {
          this.ratings.delete(c.movieId);
          ratingDels.push(c.movieId);
        } else {
          const rec = { movieId: c.movieId, rating: c.rating, ts: c.ts ?? ts };
          this.ratings.set(c.movieId, rec);
          ratingPuts.push(rec);
        }
      }
      if ('hidden' in c) {
        inv.hidden = this.isHidden(c.movieId);
        if (c.hidden) {
          const rec = { movieId: c.movieId, ts: c.ts ?? ts };
          this.hidden.set(c.movieId, rec);
          hiddenPuts.push(rec);
        } else {
          this.hidden.delete(c.movieId);
          hiddenDels.push(c.movieId);
        }
      }
      inverse.push(inv);
    }
    this.dispatchEvent(new CustomEvent('change', { detail: { movieIds: changes.map((c) => c.movieId), kind } }));
    if (this.db) {
      const tx = this.db.transaction(['ratings', 'hidden'], 'readwrite');
      const r = tx.objectStore('ratings');
      const x = tx.objectStore('hidden');
      for (const rec of ratingPuts) r.put(rec);
      for (const id of ratingDels) r.delete(id);
      for (const rec of hiddenPuts) x.put(rec);
      for (const id of hiddenDels) x.delete(id);
      await tx.done;
    }
    return inverse.reverse();
  }

  async setSetting(key, value) {
    this.settings[key] = value;
    this.dispatchEvent(new CustomEvent('settings', { detail: { key, value } }));
    if (this.db) await this.db.put('settings', value, key);
  }

  // ---- trained models (bytes from rec.saveModel(), keyed by snapshot + algorithm + params)
  async putModel(record) {
    if (this.db) await this.db.put('models', record);
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
    if (this.db) await this.db.delete('models', key);
  }

  /** Everything the user entered, as a plain object (models are left out: they can be retrained). */
  exportData(describe) {
    const withTitle = (rec) => {
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

  async deleteAll() {
    this.ratings.clear();
    this.hidden.clear();
    this.settings = { ...DEFAULT_SETTINGS };
    if (this.db) {
      const tx = this.db.transaction(['ratings', 'hidden', 'settings', 'models'], 'readwrite');
      await Promise.all([
        tx.objectStore('ratings').clear(),
        tx.objectStore('hidden').clear(),
        tx.objectStore('settings').clear(),
        tx.objectStore('models').clear(),
        tx.done,
      ]);
    }
    this.dispatchEvent(new CustomEvent('change', { detail: { movieIds: [], kind: 'delete-all' } }));
    this.dispatchEvent(new CustomEvent('settings', { detail: { key: null } }));
  }
}
