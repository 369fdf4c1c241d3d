// Types of the cinerec package (docs/api.md is the prose version).
// The same declarations describe the browser entry (index.js) and the Node
// entry (node.js).

export type CinerecErrorCode =
  | 'SNAPSHOT_NOT_FOUND'
  | 'SNAPSHOT_CORRUPT'
  | 'SNAPSHOT_VERSION'
  | 'NETWORK'
  | 'WASM_LOAD_FAILED'
  | 'ABORTED'
  | 'UNKNOWN_MOVIE'
  | 'UNKNOWN_ALGORITHM'
  | 'INVALID_ARGUMENT'
  | 'NOT_TRAINED'
  | 'DISPOSED'
  | 'INTERNAL';

/** Every failure of the library. Switch on `code`; show `message` to a person. */
export class CinerecError extends Error {
  constructor(code: CinerecErrorCode, message: string, options?: { cause?: unknown });
  readonly name: 'CinerecError';
  readonly code: CinerecErrorCode;
}

export const ErrorCodes: readonly CinerecErrorCode[];

/** A movie of the snapshot's catalogue (frozen; one object per movie). */
export interface Movie {
  readonly movieId: number;
  /** As in the snapshot; render as text, never as HTML. */
  readonly title: string;
  readonly year: number | null;
  readonly genres: readonly string[];
  /** Ratings in the snapshot. */
  readonly ratingCount: number;
  readonly meanRating: number | null;
  /** Most used tags first (snapshots with tags). */
  readonly tags?: readonly string[];
  readonly imdbId?: number;
  readonly tmdbId?: number;
}

export interface RatingInput {
  movieId: number;
  /** On the snapshot's scale (snapshotInfo.ratingMin..ratingMax, MovieLens 0.5–5). */
  rating: number;
}

export interface Progress {
  /** 1-based; 0 for models without epochs. */
  epoch: number;
  /** 0 when unknown. */
  totalEpochs: number;
  loss: number | null;
  /** Seconds since the fit started. */
  elapsed: number;
  /** e.g. "epoch", "similarities". */
  stage: string;
}

export interface EvalProgress {
  algorithm: string;
  /** Position of `algorithm` in the list, 0-based, and the list's length. */
  index: number;
  count: number;
  fold: number;
  folds: number;
  /** "split", "fit", "rank", "done". */
  stage: string;
  /** Of this algorithm's evaluation, 0..1. */
  fraction: number;
  fit?: Progress;
}

export interface AlgorithmInfo {
  readonly name: string;
  readonly description: string;
  readonly predictsRatings: boolean;
  /** The default hyper-parameters (names and values), e.g. { n_factors: 100, ... }. */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface ModelInfo {
  readonly algorithm: string;
  /** Effective parameters, defaults filled in. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly predictsRatings: boolean;
  readonly trained: boolean;
  /** null for a model from loadModel. */
  readonly seed: number | null;
  readonly trainSeconds: number | null;
  /** How many of the person's own ratings train() added to the data (0 if none). */
  readonly trainedWithRatings?: number;
}

export interface SnapshotInfo {
  readonly version: number;
  readonly name: string;
  readonly source: string;
  readonly movies: number;
  readonly users: number;
  readonly ratings: number;
  readonly hasTags: boolean;
  readonly hasLinks: boolean;
  readonly hasTimestamps: boolean;
  readonly bytes: number;
  readonly ratingMin: number;
  readonly ratingMax: number;
}

export interface Recommendation extends Movie {
  readonly score: number;
  /** e.g. "because you rated Heat 4.5★", "matches: Crime, Thriller". */
  readonly reason: string;
}

export interface SimilarMovie extends Movie {
  readonly score: number;
}

export type ExplanationPart =
  | { kind: 'movie'; movieId: number; title: string; rating: number; weight: number }
  | { kind: 'feature'; feature: string; weight: number };

export interface Explanation {
  movieId: number;
  score: number | null;
  summary: string;
  reason: string;
  /** Strongest first. */
  parts: ExplanationPart[];
}

/** One report per algorithm: cinerec::to_json (docs/evaluation.md). */
export interface EvalReport {
  dataset: string;
  protocol: string;
  algorithm: string;
  params: Record<string, unknown>;
  k: number;
  seed: number;
  folds: Array<Record<string, unknown>>;
  /** rmse, mae, "precision@K", "recall@K", "ndcg@K", ... (null when undefined). */
  mean: Record<string, number | null>;
  fit_seconds: number;
  recommend_seconds_per_user: number;
  [key: string]: unknown;
}

export interface Movies {
  readonly count: number;
  readonly genres: readonly string[];
  get(movieId: number): Movie | undefined;
  has(movieId: number): boolean;
  /** Typo-tolerant title search; "heat 1995" matches the year. */
  search(query: string, options?: { limit?: number; genre?: string }): Movie[];
  /** Most rated first. Unknown genre → INVALID_ARGUMENT. */
  byGenre(genre: string, options?: { limit?: number }): Movie[];
  popular(options?: { limit?: number }): Movie[];
  /** Catalogue order. */
  all(): Movie[];
}

export interface CreateRecommenderOptions {
  /** Default: the packaged default snapshot. In Node also a file path. */
  snapshotUrl?: string | URL;
  /** Snapshot bytes instead of a URL. */
  snapshot?: ArrayBuffer | Uint8Array;
  wasmUrl?: string | URL;
  workerUrl?: string | URL;
  /** false: run the engine on this thread. */
  worker?: boolean;
  signal?: AbortSignal;
  /** Initial model; default 'svd'; null: none until train()/loadModel(). */
  algorithm?: string | null;
  params?: Record<string, unknown>;
  seed?: number;
  /** Saved model bytes (saveModel) to load instead of training. */
  model?: Uint8Array;
  onProgress?: (progress: Progress) => void;
}

export interface TrainOptions {
  /** Default: the current model's algorithm, else 'svd'. */
  algorithm?: string;
  params?: Record<string, unknown>;
  seed?: number;
  /** The person's own ratings, added to the training data as one more user
   * ("retrain with my ratings"). Default: none. They stay in the worker. */
  ratings?: RatingInput[];
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

export interface RecommendOptions {
  ratings: RatingInput[];
  /** Default 10. */
  n?: number;
  /** Keep movies having any of these genres. */
  genres?: string[];
  /** movieIds never to return (unknown ids are ignored). */
  exclude?: number[];
  yearMin?: number;
  yearMax?: number;
  /** Hide movies with fewer ratings in the snapshot. */
  minRatings?: number;
  /** Default true; false skips the explanations (faster). */
  reasons?: boolean;
}

export interface EvaluateOptions {
  /** Default: the current model's algorithm. */
  algorithms?: Array<string | { name: string; params?: Record<string, unknown> }>;
  /**
   * "holdout:0.2" (default), "kfold:5", "user-stratified:0.2", "leave-last:1", "new-users:0.1:5"
   * (5 random ratings given), "new-users:0.1:5:first" (each held-out user's first 5 by time).
   * leave-last and new-users:F:G:first need a snapshot with timestamps (snapshotInfo.hasTimestamps).
   */
  protocol?: string;
  k?: number;
  seed?: number;
  relevanceThreshold?: number;
  onProgress?: (progress: EvalProgress) => void;
  signal?: AbortSignal;
}

/** A recommender backed by a worker. Call dispose() when done. */
export interface Recommender {
  readonly movies: Movies;
  readonly algorithms: readonly AlgorithmInfo[];
  readonly snapshotInfo: SnapshotInfo;
  readonly model: ModelInfo | null;
  readonly disposed: boolean;
  train(options?: TrainOptions): Promise<ModelInfo>;
  recommend(options: RecommendOptions): Promise<Recommendation[]>;
  similar(movieId: number, options?: { n?: number }): Promise<SimilarMovie[]>;
  explain(options: { ratings: RatingInput[]; movieId: number }): Promise<Explanation>;
  predict(options: { ratings: RatingInput[]; movieId: number }): Promise<number>;
  evaluate(options?: EvaluateOptions): Promise<EvalReport[]>;
  saveModel(): Promise<Uint8Array>;
  loadModel(bytes: Uint8Array | ArrayBuffer): Promise<ModelInfo>;
  /** Frees the worker and the wasm memory. Idempotent. */
  dispose(): void;
}

export function createRecommender(options?: CreateRecommenderOptions): Promise<Recommender>;
