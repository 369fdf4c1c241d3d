// Named errors (STYLE.md #6): every failure of the library is a CinerecError
// whose `code` a program can switch on and whose message a person can act on.
// The C++ core reports the same code names (cpp/src/data/error.cpp).

export const ErrorCodes = Object.freeze([
  'SNAPSHOT_NOT_FOUND',
  'SNAPSHOT_CORRUPT',
  'SNAPSHOT_VERSION',
  'NETWORK',
  'WASM_LOAD_FAILED',
  'ABORTED',
  'UNKNOWN_MOVIE',
  'UNKNOWN_ALGORITHM',
  'INVALID_ARGUMENT',
  'NOT_TRAINED',
  'DISPOSED',
  'INTERNAL',
]);

// C++ codes that have no JS counterpart of their own.
const CPP_ALIASES = { PARSE_ERROR: 'SNAPSHOT_CORRUPT', NOT_FOUND: 'SNAPSHOT_NOT_FOUND', IO_ERROR: 'INTERNAL' };

export class CinerecError extends Error {
  /**
   * @param {string} code one of ErrorCodes
   * @param {string} message
   * @param {{cause?: unknown}} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    this.name = 'CinerecError';
    this.code = ErrorCodes.includes(code) ? code : CPP_ALIASES[code] ?? 'INTERNAL';
  }
}

/** A status object from the wasm Engine ({ok, code, message}) → throws if not ok. */
export function check(status) {
  if (status && status.ok) return status;
  const code = status?.code ?? 'INTERNAL';
  throw new CinerecError(code, status?.message || `the core failed (${code})`);
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
