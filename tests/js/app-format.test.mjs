// The app's number formatting (web/app/src/dom.js fmtInt) groups integers by
// hand, without constructing an Intl formatter at start-up: it must write
// exactly what Intl.NumberFormat('en-US') writes, for any number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fmtInt, plural } from '../../web/app/src/dom.js';

const intl = new Intl.NumberFormat('en-US');

test('fmtInt writes what Intl.NumberFormat("en-US") writes', () => {
  for (const n of [0, 7, 999, 1000, 9999, 10000, 100836, 25000095, -1234567, Number.MAX_SAFE_INTEGER, 12.5, 0.125, NaN, Infinity])
    assert.equal(fmtInt(n), intl.format(n), String(n));
  fc.assert(fc.property(fc.oneof(fc.integer({ min: -1e15, max: 1e15 }), fc.double({ noNaN: false })), (n) => {
    if (Object.is(n, -0)) return; // Intl writes "-0"; a count is never -0
    assert.equal(fmtInt(n), intl.format(n));
  }), { numRuns: 2000 });
  assert.equal(plural(1, 'movie'), '1 movie');
  assert.equal(plural(9066, 'movie'), '9,066 movies');
});
