// <star-rating>: a half-star rating control for one movie.
// A fieldset named "Rate <title>" holding ten native radio buttons (0.5 … 5
// stars), so arrow keys move and rate as in any radio group, plus a "Clear"
// button. Each radio sits inside the label that draws its half star and
// covers it: 24×32 px per half, so every target is at least 24×24. It reads and writes the user's rating through the app's actions and
// stays in sync with every other control for the same movie.
import { app } from '../app.js';
import { h, nextId, fmtStars } from '../dom.js';

const VALUES = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];
const starName = (v) => (v === 1 ? '1 star' : `${v} stars`);

export class StarRating extends HTMLElement {
  #movie = null;
  #inputs = [];
  #labels = [];
  #value = null;
  #valueText = null;
  #clear = null;
  #onChange = (e) => {
    const ids = e.detail.movieIds;
    if (!this.#movie || (ids.length && !ids.includes(this.#movie.movieId))) return;
    this.#sync(app.store.rating(this.#movie.movieId));
  };

  set movie(m) {
    this.#movie = m;
    if (this.isConnected) this.#render();
  }
  get movie() {
    return this.#movie;
  }

  connectedCallback() {
    this.#render();
    app.store.addEventListener('change', this.#onChange);
  }

  disconnectedCallback() {
    app.store.removeEventListener('change', this.#onChange);
  }

  #render() {
    const m = this.#movie;
    if (!m) return;
    const name = nextId('rate');
    const compact = this.hasAttribute('compact');
    this.#inputs = [];
    this.#labels = [];
    const stars = h('div', { class: 'stars', onmouseleave: () => this.#paint(this.#value) });
    for (const v of VALUES) {
      // The radio fills its half-star's box (24 px wide at least), so a click,
      // a tap or a test on the radio itself lands where its star is drawn.
      const input = h('input', {
        type: 'radio',
        name,
        value: String(v),
        class: 'star-input',
        'aria-label': starName(v),
        onchange: () => app.actions.rate(m, v),
      });
      const label = h(
        'label',
        {
          class: `half ${v % 1 ? 'left' : 'right'}`,
          title: starName(v),
          onmouseenter: () => this.#paint(v),
        },
        input,
      );
      this.#inputs.push(input);
      this.#labels.push(label);
      stars.append(label);
    }
    this.#valueText = h('span', { class: 'rating-value', 'aria-hidden': 'true' });
    this.#clear = h(
      'button',
      {
        type: 'button',
        class: 'btn-link clear',
        'aria-label': `Clear rating for ${m.title}`,
        onclick: () => app.actions.clearRating(m),
      },
      'Clear',
    );
    this.replaceChildren(
      h(
        'fieldset',
        { class: `rating${compact ? ' compact' : ''}` },
        h('legend', { class: 'visually-hidden' }, `Rate ${m.title}`),
        stars,
        this.#valueText,
        this.#clear,
      ),
    );
    this.#sync(app.store.rating(m.movieId));
  }

  #sync(value) {
    this.#value = value;
    for (const input of this.#inputs) input.checked = value != null && Number(input.value) === value;
    this.#paint(value);
    this.#valueText.textContent = value == null ? 'Not rated' : fmtStars(value);
    this.#clear.hidden = value == null;
    this.classList.toggle('rated', value != null);
  }

  #paint(value) {
    this.#labels.forEach((label, i) => label.classList.toggle('on', value != null && VALUES[i] <= value));
    this.classList.toggle('previewing', value !== this.#value);
  }
}

customElements.define('star-rating', StarRating);

export function starRating(movie, { compact = false } = {}) {
  const el = document.createElement('star-rating');
  if (compact) el.setAttribute('compact', '');
  el.movie = movie;
  return el;
}
