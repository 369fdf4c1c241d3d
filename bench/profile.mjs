// The profile the library benchmarks fold in: 20 ratings, every other one of
// a catalogue's 40 most rated movies, stars spread over the scale.
// catalog: what session.js's loadSnapshot(bytes, true) returns as `catalog`.
export function popularProfile(catalog) {
  const order = [...catalog.ratingCounts.keys()].sort((a, b) => catalog.ratingCounts[b] - catalog.ratingCounts[a]);
  const items = Int32Array.from(order.slice(0, 40).filter((_, i) => i % 2 === 0));
  const ratings = Float32Array.from(items, (_, i) => 1 + ((i * 7) % 9) / 2);
  return { items, ratings };
}
