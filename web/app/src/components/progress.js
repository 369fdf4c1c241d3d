// A progress bar for training and evaluation: role="progressbar" with a text
// line a person can read ("Epoch 7 of 20 · loss 0.74").
import { h, fmtMs } from '../dom.js';

export function describeProgress(p) {
  if (!p) return '';
  const parts = [];
  if (p.totalEpochs > 0) parts.push(`Epoch ${p.epoch} of ${p.totalEpochs}`);
  else if (p.stage) parts.push(p.stage.charAt(0).toUpperCase() + p.stage.slice(1));
  if (p.loss != null && Number.isFinite(p.loss)) parts.push(`loss ${p.loss.toFixed(4)}`);
  if (p.elapsed) parts.push(fmtMs(p.elapsed * 1000));
  return parts.join(' · ');
}

export function progressBar(label = 'Training progress') {
  const fill = h('div', { class: 'progress-fill' });
  const track = h('div', { class: 'progress-track', role: 'progressbar', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100' }, fill);
  const text = h('p', { class: 'progress-text small' });
  const el = h('div', { class: 'progress' }, track, text);
  return {
    el,
    /** p: a training Progress, or { fraction, text } */
    set(p) {
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
      text.textContent = p?.text ?? describeProgress(p);
    },
  };
}
