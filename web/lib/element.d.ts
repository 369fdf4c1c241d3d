// Types of cinerec/element: importing it registers <cinerec-recommendations>.
import type { Recommender, RatingInput } from './index.js';

export class CinerecRecommendations extends HTMLElement {
  /** The Recommender once 'cinerec-ready' fired (null before). */
  readonly recommender: Recommender | null;
  /** The ratings stored under storage-key; setting replaces and stores them. */
  ratings: RatingInput[];
  readonly storageKey: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'cinerec-recommendations': CinerecRecommendations;
  }
}
