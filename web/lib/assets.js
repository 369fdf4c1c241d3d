// Where the library's files are by default, relative to this module. Written
// as `new URL('literal', import.meta.url)` so a bundler (the app's Vite build,
// a site's Vite or webpack 5) sees them, copies them and rewrites the URLs.
// The library build (vite.config.js) swaps this module for assets.dist.js,
// where every file sits next to the bundled module.
export const defaultWasmUrl = () => new URL('../wasm/cinerec.wasm', import.meta.url);
export const defaultSnapshotUrl = () => new URL('../../public/data/default.cinerec', import.meta.url);
export const spawnDefaultWorker = () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
