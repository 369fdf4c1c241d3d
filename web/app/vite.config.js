// Vite config for the cinerec single-page app.
//   build:   npx vite build   --config web/app/vite.config.js   → dist/app
//   preview: npx vite preview --config web/app/vite.config.js   (serves dist/app)
// base './' keeps every URL relative, so dist/app works from any path.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
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
  plugins: [serviceWorker(), devWithoutPolicy()],
});
