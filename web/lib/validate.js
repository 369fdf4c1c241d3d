// Checks of the arguments of the public API: each failure is an
// INVALID_ARGUMENT (or UNKNOWN_MOVIE) whose message names the argument.
import { CinerecError } from './errors.js';

export function invalid(message) {
  return new CinerecError('INVALID_ARGUMENT', message);
}

export function optionalInt(value, name, min = -Infinity) {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < min)
    throw invalid(`${name} must be an integer${min > -Infinity ? ` >= ${min}` : ''}, got ${JSON.stringify(value)}`);
  return value;
}

export function plainObject(value, name) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${name} must be an object`);
  return value;
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
      throw invalid(`${name}[${k}].rating must be a number from ${ratingMin} to ${ratingMax}, got ${JSON.stringify(r.rating)}`);
    byItem.delete(item);
    byItem.set(item, r.rating);
  }
  return {
    items: Int32Array.from(byItem.keys()),
    ratings: Float32Array.from(byItem.values()),
    ratingOf: byItem,
  };
}
