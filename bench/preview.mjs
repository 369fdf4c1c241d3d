// What the app benches share: the production build (dist/app) served by
// `vite preview` on a port of their own, and the long-task observer they
// install in the page (PerformanceObserver 'longtask': tasks over 50 ms).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** Starts `vite preview` on 127.0.0.1:port; resolves to { url, stop } once it answers. */
export async function startPreview(port) {
  const url = `http://127.0.0.1:${port}/`;
  const server = spawn('npx', ['vite', 'preview', '--config', 'web/app/vite.config.js', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: repo,
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid);
    } catch {}
  };
  process.on('exit', stop);
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error('vite preview did not start');
}

/** For context.addInitScript: every long task goes to window.__longtasks as { start, duration }. */
export function observeLongTasks() {
  window.__longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}
