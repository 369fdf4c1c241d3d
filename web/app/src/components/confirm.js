// A modal question with two answers (a native <dialog>): "Delete all your
// data?", "Use this model for your recommendations?".
import { h, nextId } from '../dom.js';

/**
 * { el, text, ask(onAnswer) }: `text` is the body paragraph (set it before
 * asking); onAnswer(true | false) runs when the dialog closes.
 */
export function confirmDialog({ title, body = '', cancel = 'Cancel', confirm, danger = false }) {
  const id = nextId('confirm');
  const text = h('p', {}, body);
  const el = h(
    'dialog',
    { class: 'confirm', 'aria-labelledby': id },
    h(
      'form',
      { method: 'dialog' },
      h('h2', { id }, title),
      text,
      h(
        'div',
        { class: 'row' },
        h('button', { value: 'cancel', class: 'btn', autofocus: danger }, cancel),
        h('button', { value: 'confirm', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, autofocus: !danger }, confirm),
      ),
    ),
  );
  let answer = null;
  el.addEventListener('close', () => {
    const run = answer;
    answer = null;
    run?.(el.returnValue === 'confirm');
  });
  return {
    el,
    text,
    ask(onAnswer) {
      answer = onAnswer;
      el.returnValue = '';
      el.showModal();
    },
  };
}
