// Library-mode build of the cinerec package → dist/lib (package.json "exports").
//   npm run build:lib   (= the three passes below; the wasm must be built first)
//   vite build -c web/lib/vite.config.js                    index.js, element.js, node.js (+ shared chunks)
//   vite build -c web/lib/vite.config.js --mode worker       worker.js, one self-contained file
//   vite build -c web/lib/vite.config.js --mode worker-node  worker-node.js, one self-contained file
// The workers are separate passes so each is a single file: a site's bundler
// that copies worker.js as an asset must not need its chunks.
// After the last pass dist/lib also holds cinerec.wasm, default.cinerec, the
// data licence and the .d.ts files.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(repo, 'dist/lib');

// Lib mode inlines every `new URL(file, import.meta.url)` asset as base64;
// cinerec wants its files next to the module instead. So: use
// assets.dist.js, neutralise the glue's own wasm URL (the core always
// passes instantiateWasm), and drop the @vite-ignore markers from the
// output so a site's bundler sees plain `new URL('./x', import.meta.url)`.
function cinerecAssets() {
  return {
    name: 'cinerec-assets',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source === './assets.js' && importer?.startsWith(here)) return join(here, 'assets.dist.js');
      return null;
    },
    transform(code, id) {
      if (id.endsWith('/wasm/cinerec.js'))
        return { code: code.replace('new URL("cinerec.wasm",import.meta.url).toString()', '"cinerec.wasm"'), map: null };
      return null;
    },
    renderChunk(code) {
      if (!code.includes('@vite-ignore')) return null;
      // Same-length replacement keeps the source map's columns right.
      return { code: code.replace(/\/\*\s*@vite-ignore\s*\*\//g, (m) => ' '.repeat(m.length)), map: null };
    },
  };
}

function copyFiles() {
  return {
    name: 'cinerec-copy-files',
    closeBundle() {
      mkdirSync(outDir, { recursive: true });
      const copy = (from, to) => {
        if (!existsSync(from)) throw new Error(`build:lib: ${from} is missing (build the wasm / the snapshot first)`);
        copyFileSync(from, join(outDir, to));
      };
      copy(join(repo, 'web/wasm/cinerec.wasm'), 'cinerec.wasm');
      copy(join(repo, 'public/data/default.cinerec'), 'default.cinerec');
      // The MovieLens licence travels with the data it covers.
      for (const name of readdirSync(join(repo, 'public/data'))) {
        if (/licen[cs]e/i.test(name)) copy(join(repo, 'public/data', name), name);
        if (/^readme\.md$/i.test(name)) copy(join(repo, 'public/data', name), 'README-data.md');
      }
      copy(join(here, 'index.d.ts'), 'index.d.ts');
      copy(join(here, 'element.d.ts'), 'element.d.ts');
    },
  };
}

export default defineConfig(({ mode }) => {
  const worker = mode === 'worker' || mode === 'worker-node';
  const entry = worker
    ? { [mode]: join(here, `${mode}.js`) }
    : { index: join(here, 'index.js'), element: join(here, 'element.js'), node: join(here, 'node.js') };
  return {
    root: here,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: mode === 'production',
      target: 'es2022',
      minify: true,
      sourcemap: true,
      copyPublicDir: false,
      lib: { entry, formats: ['es'], fileName: (_, name) => `${name}.js` },
      rolldownOptions: {
        external: [/^node:/],
        output: { chunkFileNames: 'cinerec-[hash].js' },
      },
    },
    plugins: [cinerecAssets(), ...(mode === 'worker-node' ? [copyFiles()] : [])],
  };
});
