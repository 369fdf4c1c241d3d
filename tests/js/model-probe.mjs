// The saved-model probe: trains one small model of each of eight algorithms,
// mangles each saved byte array in 100+ ways (bit flips, byte changes,
// truncations, extensions, zeroed and duplicated ranges, splices of two
// models, foreign files) and counts how many `rec.loadModel` accepts.
// Deterministic (fixed seeds). tests/js/lib-model-integrity.test.mjs runs it;
// it also runs alone against any checkout, for the before/after figures:
//   node tests/js/model-probe.mjs [--lib DIR/web/lib] [--per 100] [--algorithms svd,ials,...]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const PROBE_MODELS = [
  { algorithm: 'svd', params: { n_factors: 8, n_epochs: 3 } },
  { algorithm: 'ials', params: { factors: 8, iterations: 2 } },
  { algorithm: 'ease', params: { max_items: 300 } },
  { algorithm: 'item-knn', params: { k: 10 } },
  { algorithm: 'content', params: {} },
  { algorithm: 'hybrid', params: {} },
  { algorithm: 'knn-baseline', params: { k: 10, user_based: false } },
  { algorithm: 'bayesian-fm', params: { n_factors: 4, n_iter: 6, burn_in: 2, n_blocks: 2 } },
];

// xorshift32: the same mangles on every run.
function rng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return { int: (n) => next() % n, byte: () => next() & 0xff };
}

/** perAlgorithm mangled copies of `bytes` (other: another model, foreign: non-model files). */
export function mangle(bytes, { seed, perAlgorithm = 100, other, foreign }) {
  const r = rng(seed);
  const n = bytes.length;
  const out = [];
  const kinds = [
    ['bit flip', () => { const b = bytes.slice(); const i = r.int(n); b[i] ^= 1 << r.int(8); return b; }],
    ['bytes changed', () => { const b = bytes.slice(); for (let k = 1 + r.int(8); k > 0; k--) b[r.int(n)] = r.byte(); return b; }],
    ['header byte changed', () => { const b = bytes.slice(); const i = r.int(Math.min(n, 64)); b[i] = (b[i] + 1 + r.int(255)) & 0xff; return b; }],
    ['truncated', () => bytes.slice(0, r.int(n))],
    ['extended', () => { const b = new Uint8Array(n + 1 + r.int(64)); b.set(bytes); for (let i = n; i < b.length; i++) b[i] = r.byte(); return b; }],
    ['range zeroed', () => { const b = bytes.slice(); const i = r.int(n); b.fill(0, i, Math.min(n, i + 1 + r.int(256))); return b; }],
    ['range duplicated', () => { const i = r.int(n); const j = Math.min(n, i + 1 + r.int(128)); const b = new Uint8Array(n + j - i); b.set(bytes.subarray(0, j)); b.set(bytes.subarray(i), j); return b; }],
    ['spliced with another model', () => { const cut = r.int(Math.min(n, other.length)); const b = new Uint8Array(cut + other.length - cut); b.set(bytes.subarray(0, cut)); b.set(other.subarray(cut), cut); return b; }],
    ['foreign', () => foreign[r.int(foreign.length)]],
  ];
  for (let k = 0; k < perAlgorithm; k++) {
    const [kind, make] = kinds[k % kinds.length];
    out.push({ kind, bytes: make() });
  }
  return out;
}

/**
 * Trains PROBE_MODELS on the snapshot, loads every mangled copy.
 * → { total, accepted: [{algorithm, kind}], codes: {CODE: count} }
 */
export async function probe({ createRecommender, snapshot, perAlgorithm = 100, models = PROBE_MODELS }) {
  const rec = await createRecommender({ snapshot, algorithm: null });
  try {
    const saved = [];
    for (const m of models) {
      await rec.train({ algorithm: m.algorithm, params: m.params, seed: 7 });
      saved.push({ ...m, bytes: await rec.saveModel() });
    }
    const r = rng(99);
    const random = Uint8Array.from({ length: 512 }, () => r.byte());
    const foreign = [
      snapshot.slice(0, 4096),
      random,
      new TextEncoder().encode(JSON.stringify({ algorithm: 'svd', params: {} })),
      new Uint8Array(0),
      new Uint8Array(64),
    ];
    let total = 0;
    const accepted = [];
    const codes = {};
    for (const [a, m] of saved.entries()) {
      const other = saved[(a + 1) % saved.length].bytes;
      for (const { kind, bytes } of mangle(m.bytes, { seed: 1000 + a, perAlgorithm, other, foreign })) {
        if (bytes.length === m.bytes.length && bytes.every((x, i) => x === m.bytes[i])) continue; // unchanged
        total++;
        try {
          await rec.loadModel(bytes);
          accepted.push({ algorithm: m.algorithm, kind });
        } catch (err) {
          codes[err.code] = (codes[err.code] ?? 0) + 1;
        }
      }
    }
    return { total, accepted, codes, sizes: Object.fromEntries(saved.map((m) => [m.algorithm, m.bytes.length])) };
  } finally {
    rec.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const lib = arg('--lib', new URL('../../web/lib', import.meta.url).pathname);
  const { createRecommender } = await import(pathToFileURL(`${lib}/node.js`).href);
  const snapshot = new Uint8Array(readFileSync(new URL('../../public/data/default.cinerec', import.meta.url)));
  // --algorithms a,b: some of PROBE_MODELS only (an older checkout may lack one).
  const only = arg('--algorithms', '') ? arg('--algorithms', '').split(',') : null;
  const models = only ? PROBE_MODELS.filter((m) => only.includes(m.algorithm)) : PROBE_MODELS;
  const result = await probe({ createRecommender, snapshot, perAlgorithm: Number(arg('--per', 100)), models });
  const byAlgo = {};
  for (const a of result.accepted) byAlgo[a.algorithm] = (byAlgo[a.algorithm] ?? 0) + 1;
  console.log(`model probe (${lib}): ${result.accepted.length} of ${result.total} mangled models accepted`);
  console.log(`  accepted per algorithm: ${JSON.stringify(byAlgo)}`);
  console.log(`  refusals by code: ${JSON.stringify(result.codes)}`);
  console.log(`  model sizes: ${JSON.stringify(result.sizes)}`);
}
