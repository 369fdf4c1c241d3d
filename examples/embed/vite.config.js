// The example's own Vite config, as any site using cinerec would have.
//   npm install && npm run build   → dist/ (the wasm, worker and snapshot copied in)
import { defineConfig } from 'vite';

export default defineConfig({
  build: { outDir: 'dist', target: 'es2022', assetsInlineLimit: 0 },
  worker: { format: 'es' },
  // The dev server's dependency pre-bundling would move cinerec away from the
  // files it finds next to itself (wasm, worker, snapshot).
  optimizeDeps: { exclude: ['cinerec'] },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
