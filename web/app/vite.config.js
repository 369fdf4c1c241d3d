// Vite config for the cinerec single-page app.
//   build:   npx vite build   --config web/app/vite.config.js   → dist/app
//   preview: npx vite preview --config web/app/vite.config.js   (serves dist/app)
// base './' keeps every URL relative, so dist/app works from any path.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, relative, sep } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(repo, 'dist/app');

// The service worker is hand-written (web/app/sw.js, ~80 lines). After the
// build this plugin writes it next to index.html with the list of every built
// file (hashed bundles, the wasm, the snapshot) and a version derived from
// their contents, so a new build replaces the old cache.
function serviceWorker() {
  return {
    name: 'cinerec-service-worker',
    apply: 'build',
    closeBundle() {
      const files = [];
      const walk = (dir) => {
        for (const name of readdirSync(dir)) {
          const p = join(dir, name);
          if (statSync(p).isDirectory()) walk(p);
          else files.push(p);
        }
      };
      walk(outDir);
      const hash = createHash('sha256');
      const urls = [];
      for (const f of files.sort()) {
        const rel = relative(outDir, f).split(sep).join('/');
        if (rel === 'sw.js' || rel.endsWith('.map')) continue;
        urls.push(rel === 'index.html' ? './' : './' + rel);
        hash.update(rel).update(readFileSync(f));
      }
      const version = hash.digest('hex').slice(0, 12);
      const template = readFileSync(join(here, 'sw.js'), 'utf8');
      const body = template
        .replace('__CINEREC_VERSION__', version)
        .replace('[/*__CINEREC_PRECACHE__*/]', JSON.stringify(urls, null, 1));
      writeFileSync(join(outDir, 'sw.js'), body);
    },
  };
}

// The content policy has one source, index.html's meta tag (what each
// directive allows and why: docs/api.md "Content policy"). `vite preview`
// (npm start, the e2e tests) also sends it as a header, with frame-ancestors,
// which only a header can carry. The dev server drops the tag: Vite's dev
// client injects inline styles and scripts that the policy refuses.
const CSP_META = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"\s*\/?>/;
export const CONTENT_POLICY = `${CSP_META.exec(readFileSync(join(here, 'index.html'), 'utf8'))[1]}; frame-ancestors 'none'`;
const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function devWithoutPolicy() {
  return {
    name: 'cinerec-dev-without-policy',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(CSP_META, ''),
  };
}

// The page starts fetching the wasm and the default snapshot at once: they
// are fetched by script otherwise, only after main.js has loaded and run.
// (`as="fetch"` with crossorigin matches web/lib's fetch: cors, same-origin
// credentials, so the browser reuses the preloaded response.)
function preloadCore() {
  return {
    name: 'cinerec-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const wasm = Object.values(ctx.bundle ?? {}).find((a) => a.fileName.endsWith('.wasm'));
        const preload = (href) => ({ tag: 'link', attrs: { rel: 'preload', href, as: 'fetch', crossorigin: '' }, injectTo: 'head' });
        return [preload('./data/default.cinerec'), ...(wasm ? [preload(`./${wasm.fileName}`)] : [])];
      },
    },
  };
}

// `vite preview` gzips text, JavaScript and JSON but sends the wasm and the
// snapshot as they are; this serves them gzipped to browsers that accept it
// (level 9, compressed once per file version). A static host should do the same.
function compressBinaries() {
  const cache = new Map();
  return {
    name: 'cinerec-compress-binaries',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
        const type = path.endsWith('.wasm') ? 'application/wasm' : path.endsWith('.cinerec') ? 'application/octet-stream' : null;
        if (!type || !/\bgzip\b/.test(req.headers['accept-encoding'] ?? '') || req.method !== 'GET') return next();
        const file = join(outDir, path);
        if (!file.startsWith(outDir) || !existsSync(file)) return next();
        const stat = statSync(file);
        const key = `${file}|${stat.mtimeMs}|${stat.size}`;
        if (!cache.has(key)) cache.set(key, gzipSync(readFileSync(file), { level: 9 }));
        const body = cache.get(key);
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
        res.setHeader('Content-Type', type);
        res.setHeader('Content-Encoding', 'gzip');
        res.setHeader('Vary', 'Accept-Encoding');
        res.setHeader('Content-Length', String(body.length));
        res.setHeader('Cache-Control', 'no-cache');
        res.end(body);
      });
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  publicDir: join(repo, 'public'),
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, fs: { allow: [repo] } },
  preview: { host: '127.0.0.1', port: 5173, headers: SECURITY_HEADERS },
  plugins: [serviceWorker(), devWithoutPolicy(), preloadCore(), compressBinaries()],
});
