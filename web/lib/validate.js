// Checks of the arguments of the public API: each failure is an
// INVALID_ARGUMENT (or UNKNOWN_MOVIE) whose message names the argument.
import { CinerecError } from './errors.js';

export function invalid(message) {
  return new CinerecError('INVALID_ARGUMENT', message);
}

/** A value as an error message shows it: its JSON where it has one (short), else what it is. */
export function show(value) {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    /* a BigInt or a cycle */
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  return `a ${typeof value === 'object' ? 'non-JSON object' : typeof value}`;
}

export function optionalInt(value, name, min = -Infinity) {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < min)
    throw invalid(`${name} must be an integer${min > -Infinity ? ` >= ${min}` : ''}, got ${show(value)}`);
  return value;
}

/** An options object: {} for undefined or null, else an object (not an array). */
export function plainObject(value, name) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${name} must be an object`);
  return value;
}

/** Parameters travel as JSON: plain data only, or INVALID_ARGUMENT naming where. */
export function jsonData(value, name, depth = 0) {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(`${name} must be a finite number, got ${show(value)}`);
    return value;
  }
  if (depth > 32) throw invalid(`${name} is nested too deeply`);
  if (Array.isArray(value)) {
    value.forEach((v, i) => jsonData(v, `${name}[${i}]`, depth + 1));
    return value;
  }
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    for (const [k, v] of Object.entries(value)) jsonData(v, `${name}.${k}`, depth + 1);
    return value;
  }
  throw invalid(`${name} must be JSON data (a number, string, boolean, null, array or plain object), got ${show(value)}`);
}

export function checkSignal(signal) {
  if (signal !== undefined && signal !== null && (typeof signal !== 'object' || typeof signal.aborted !== 'boolean'))
    throw invalid('signal must be an AbortSignal');
  return signal ?? undefined;
}

export function checkCallback(fn, name) {
  if (fn !== undefined && fn !== null && typeof fn !== 'function') throw invalid(`${name} must be a function`);
  return fn ?? undefined;
}

export function toBytes(value, name) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw invalid(`${name} must be a Uint8Array or an ArrayBuffer`);
}

/**
 * ratings ([{movieId, rating}]) → parallel typed arrays of item indices and
 * ratings (last wins), and ratingOf: item → rating.
 * @param {import('./catalog.js').Movies} movies
 * @param {{ratingMin: number, ratingMax: number}} scale
 */
export function toProfile(ratings, movies, { ratingMin, ratingMax }, name = 'ratings') {
  if (!Array.isArray(ratings)) throw invalid(`${name} must be an array of {movieId, rating}`);
  const byItem = new Map();
  for (const [k, r] of ratings.entries()) {
    if (!r || typeof r !== 'object') throw invalid(`${name}[${k}] must be an object {movieId, rating}`);
    const item = movies.itemOf(r.movieId, `${name}[${k}].movieId`);
    if (typeof r.rating !== 'number' || !(r.rating >= ratingMin && r.rating <= ratingMax))
      throw invalid(`${name}[${k}].rating must be a number from ${ratingMin} to ${ratingMax}, got ${show(r.rating)}`);
    byItem.delete(item);
    byItem.set(item, r.rating);
  }
  return {
    items: Int32Array.from(byItem.keys()),
    ratings: Float32Array.from(byItem.values()),
    ratingOf: byItem,
  };
}
