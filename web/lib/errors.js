// Named errors (STYLE.md #6): every failure of the library is a CinerecError
// whose `code` a program can switch on and whose message a person can act on.
// The codes are the C++ core's own (cpp/include/cinerec/error.hpp holds the
// one table; error-codes.js is generated from it), so a code from the core
// arrives unchanged.
import { ErrorCodes } from './error-codes.js';

export { ErrorCodes };

export class CinerecError extends Error {
  /**
   * @param {string} code one of ErrorCodes; any other becomes INTERNAL
   * @param {string} message
   * @param {{cause?: unknown}} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    this.name = 'CinerecError';
    this.code = ErrorCodes.includes(code) ? code : 'INTERNAL';
  }
}

/** A status object from the wasm Engine ({ok, code, message}) → throws if not ok. */
export function check(status) {
  if (status && status.ok) return status;
  const code = status?.code ?? 'INTERNAL';
  const message = status?.message || `the core failed (${code})`;
  // A wasm built from another table than this web/lib: keep its code in sight.
  if (!ErrorCodes.includes(code)) throw new CinerecError('INTERNAL', `${message} (unknown error code ${code})`);
  throw new CinerecError(code, message);
}

export function abortedError(signal, what) {
  const reason = signal?.reason;
  const detail = reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : '';
  return new CinerecError('ABORTED', `${what} was aborted${detail}`, { cause: reason });
}

export function throwIfAborted(signal, what) {
  if (signal?.aborted) throw abortedError(signal, what);
}

/** Anything thrown → a CinerecError (keeps one that already is). */
export function toCinerecError(err, fallbackCode = 'INTERNAL', prefix = '') {
  if (err instanceof CinerecError) return err;
  if (err && typeof err === 'object' && err.name === 'CinerecError' && typeof err.code === 'string')
    return new CinerecError(err.code, err.message);
  const message = err instanceof Error ? err.message : String(err);
  return new CinerecError(fallbackCode, prefix + message, { cause: err });
}
