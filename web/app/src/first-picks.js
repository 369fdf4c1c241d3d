// The moment the first recommendations are on screen: the
// 'cinerec:first-recommendations' mark that views/recommendations.js sets.
// Work that would make the first picks wait (warming the model up in the
// worker) waits for it.
export const FIRST_PICKS_MARK = 'cinerec:first-recommendations';

/** Runs fn once the first picks are shown; at once if they already were. */
export function afterFirstPicks(fn) {
  if (performance.getEntriesByName(FIRST_PICKS_MARK).length) {
    fn();
    return;
  }
  if (typeof PerformanceObserver !== 'function') return;
  const observer = new PerformanceObserver((list) => {
    if (!list.getEntriesByName(FIRST_PICKS_MARK).length) return;
    observer.disconnect();
    fn();
  });
  observer.observe({ type: 'mark' });
}
