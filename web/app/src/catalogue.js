// Facts about the loaded catalogue that the app states in words: the years
// its films span (the welcome, the importer's report). Computed once per
// catalogue.
const years = new WeakMap();

/** { first, last }: the earliest and latest release years (null when unknown). */
export function catalogueYears(movies) {
  let y = years.get(movies);
  if (!y) {
    y = movies.yearSpan();
    years.set(movies, y);
  }
  return y;
}
