// A progress bar for training and evaluation: role="progressbar" with a text
// line a person can read ("svd: pass 7 of 20 · 1.2 s"). The bar moves
// without animation, so it never trails its own text.
import { h, fmtMs } from '../dom.js';

// The core's stage names (cpp/src/models/*.cpp, Progress::stage) in plain words.
const STAGES = {
  starting: 'starting',
  'loading saved model': 'loading the saved model',
  epoch: 'pass',
  iteration: 'round',
  baselines: 'learning general leans, pass',
  similarities: 'comparing',
  gram: 'counting what was watched together',
  cholesky: 'solving',
  inverse: 'finishing',
  features: 'reading genres, tags and titles',
  counts: 'counting ratings',
  deviations: 'comparing ratings',
  distribution: 'measuring the ratings',
  clusters: 'grouping',
  init: 'preparing',
  biases: 'learning general leans',
  fit: 'training',
};

/** "svd: pass 7 of 20 · 1.2 s" (algorithm optional). */
export function describeProgress(p, algorithm) {
  if (!p) return '';
  // The hybrid prefixes its components' stages: "ials: iteration".
  const [, component, raw] = /^(?:([\w-]+): )?(.*)$/.exec(p.stage ?? '') ?? [];
  const stage = STAGES[raw] ?? raw ?? '';
  let what = stage;
  if (p.totalEpochs > 0) what = `${stage || 'step'} ${p.epoch} of ${p.totalEpochs}`;
  const who = [algorithm, component].filter(Boolean).join(' → ');
  const parts = [who ? `${who}: ${what}` : what.charAt(0).toUpperCase() + what.slice(1)];
  if (p.elapsed) parts.push(fmtMs(p.elapsed * 1000));
  return parts.filter(Boolean).join(' · ');
}

export function progressBar(label = 'Training progress') {
  const fill = h('div', { class: 'progress-fill' });
  const track = h('div', { class: 'progress-track', role: 'progressbar', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100' }, fill);
  const text = h('p', { class: 'progress-text small' });
  const el = h('div', { class: 'progress' }, track, text);
  return {
    el,
    /** p: a training Progress, or { fraction, text }; algorithm names what runs. */
    set(p, algorithm) {
      let fraction = null;
      if (p?.fraction != null) fraction = p.fraction;
      else if (p?.totalEpochs > 0) fraction = p.epoch / p.totalEpochs;
      if (fraction == null) {
        track.removeAttribute('aria-valuenow');
        track.classList.add('indeterminate');
        fill.style.width = '30%';
      } else {
        const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
        track.classList.remove('indeterminate');
        track.setAttribute('aria-valuenow', String(pct));
        fill.style.width = `${pct}%`;
      }
      const words = p?.text ?? describeProgress(p, algorithm);
      text.textContent = words;
      track.setAttribute('aria-valuetext', words);
    },
  };
}
