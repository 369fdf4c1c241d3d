// Shared by the web/lib tests (tests/js/lib-*.test.mjs): paths, the default
// snapshot (or a clear skip reason), a tiny static HTTP server with CORS.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../..', import.meta.url));
export const WASM = join(repo, 'web/wasm/cinerec.wasm');
// CINEREC_TEST_SNAPSHOT lets a developer point the tests at another snapshot.
export const SNAPSHOT = process.env.CINEREC_TEST_SNAPSHOT ?? join(repo, 'public/data/default.cinerec');

/** Why the wasm/snapshot tests cannot run, or '' when they can. */
export function missing() {
  if (!existsSync(WASM)) return `web/wasm/cinerec.wasm is missing: run "bash scripts/build.sh wasm"`;
  if (!existsSync(SNAPSHOT)) return `${SNAPSHOT} is missing: run "npm run snapshot" (the default snapshot)`;
  return '';
}

export const snapshotBytes = () => new Uint8Array(readFileSync(SNAPSHOT));

/** A test profile: every other one of the 40 most rated movies, varied ratings. */
export function profileOf(rec, size = 20) {
  return rec.movies
    .popular({ limit: 2 * size })
    .filter((_, i) => i % 2 === 0)
    .map((m, i) => ({ movieId: m.movieId, rating: 1 + ((i * 7) % 9) / 2 }));
}

// Small, quick models for tests that are not about quality.
export const QUICK = { n_factors: 16, n_epochs: 8 };

const TYPES = {
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html',
  '.json': 'application/json', '.css': 'text/css', '.map': 'application/json',
};

/**
 * Serves `root` on 127.0.0.1 (a free port). routes: { '/path': (req, res) => {} }
 * override files. cors: send Access-Control-Allow-Origin: *.
 */
export async function serve(root, { cors = false, routes = {} } = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (cors) res.setHeader('Access-Control-Allow-Origin', '*');
    if (routes[path]) return routes[path](req, res);
    const file = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(normalize(root)) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      return res.end('not found');
    }
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** CRC-32 (IEEE), for hand-made snapshot bytes. */
export function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/**
 * The snapshot without the sections named in `tags` (e.g. ['MODL'] for the
 * default snapshot without its pretrained model), the table and checksums
 * rebuilt as docs/snapshot-format.md lays them out.
 */
export function withoutSections(bytes, tags) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = v.getUint32(12, true);
  const kept = [];
  for (let s = 0; s < n; s++) {
    const e = 24 + 24 * s;
    const tag = new TextDecoder().decode(bytes.subarray(e, e + 4));
    const offset = Number(v.getBigUint64(e + 4, true)), length = Number(v.getBigUint64(e + 12, true));
    if (!tags.includes(tag)) kept.push({ tag, body: bytes.subarray(offset, offset + length), crc: v.getUint32(e + 20, true) });
  }
  const head = 28 + 24 * kept.length;
  const total = head + kept.reduce((t, s) => t + s.body.length, 0);
  const out = new Uint8Array(total);
  const w = new DataView(out.buffer);
  out.set(bytes.subarray(0, 12));
  w.setUint32(12, kept.length, true);
  w.setBigUint64(16, BigInt(total), true);
  let offset = head;
  kept.forEach((s, k) => {
    const e = 24 + 24 * k;
    out.set(new TextEncoder().encode(s.tag), e);
    w.setBigUint64(e + 4, BigInt(offset), true);
    w.setBigUint64(e + 12, BigInt(s.body.length), true);
    w.setUint32(e + 20, s.crc, true);
    out.set(s.body, offset);
    offset += s.body.length;
  });
  w.setUint32(head - 4, crc32(out.subarray(0, head - 4)), true);
  return out;
}
