// assets.js for the packaged library (dist/lib): the wasm, the worker and the
// default snapshot sit next to the module. vite.config.js drops the
// "@vite-ignore" markers after the build, so a site's bundler sees the plain
// `new URL('./file', import.meta.url)` pattern and copies the files.
export const defaultWasmUrl = () => new URL(/* @vite-ignore */ './cinerec.wasm', import.meta.url);
export const defaultSnapshotUrl = () => new URL(/* @vite-ignore */ './default.cinerec', import.meta.url);
export const spawnDefaultWorker = () => new Worker(new URL(/* @vite-ignore */ './worker.js', import.meta.url), { type: 'module' });
