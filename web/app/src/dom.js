// A tiny DOM builder. Strings and numbers always become text nodes, so titles,
// tags and anything else from the snapshot or an imported file are rendered as
// text, never parsed as HTML. Nothing in the app assigns innerHTML.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value == null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = String(value);
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key in el && typeof value !== 'string') el[key] = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

// Integers are grouped here ("12,345", as Intl.NumberFormat('en-US') does):
// the first Intl formatter a page constructs costs ~40 ms of the main thread
// (measured in Chromium), which at module load delayed the app's start.
// Anything else goes to a formatter made on first use.
let numberFormat = null;
export const fmtInt = (n) =>
  Number.isSafeInteger(n)
    ? `${n < 0 ? '-' : ''}${String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`
    : (numberFormat ??= new Intl.NumberFormat('en-US')).format(n);

export function fmtStars(r) {
  return `${Number.isInteger(r) ? r : r.toFixed(1)}★`;
}

export function fmtMean(m) {
  return m == null || Number.isNaN(m) ? '–' : m.toFixed(1);
}

export function fmtMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function plural(n, one, many = `${one}s`) {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}

export function movieLabel(m) {
  return m.year ? `${m.title} (${m.year})` : m.title;
}

export function debounce(fn, ms) {
  let t = 0;
  const run = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
  run.cancel = () => clearTimeout(t);
  return run;
}

/** A labelled form control: <div class="field"><label for=id>text</label>control</div>. */
export function field(text, control, { cls = '' } = {}) {
  if (!control.id) control.id = nextId('field');
  return h('div', { class: `field ${cls}`.trim() }, h('label', { for: control.id }, text), control);
}

export function decadeOf(year) {
  return year ? Math.floor(year / 10) * 10 : null;
}

/** Save text as a file the person downloads (their own data: export). */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

let uid = 0;
export const nextId = (prefix = 'id') => `${prefix}-${++uid}`;
