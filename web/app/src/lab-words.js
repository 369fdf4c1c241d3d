// The Model lab in plain words: what each algorithm does, what each setting
// changes, and what each score of a comparison means. The names are the
// core's (cpp/src/models/registry.cpp, docs/algorithms.md); only the
// sentences live here.

/** One line per algorithm: what it does, for someone who is not a specialist. */
export const ALGORITHM_WORDS = {
  svd: 'Learns a few hidden “taste dimensions” for every movie and fits yours from your ratings. A strong all-rounder.',
  svdpp: 'Like svd, and also learns from which movies you chose to rate, not only how you rated them.',
  'bayesian-fm': 'The most accurate star predictions: taste dimensions for people, movies, genres and who rated what, averaged over many plausible fits instead of one.',
  nmf: 'Like svd, with taste dimensions that can only add up (never cancel out), which makes them easier to read.',
  als: 'Like svd, trained by a different method (alternating least squares) that settles in fewer rounds.',
  ials: 'Learns from what people watched rather than the stars they gave; strong at ranking what you will want to see.',
  bpr: 'Learns to put a movie you rated above one you did not; good at ranking, slow to train.',
  ease: 'Learns, for every pair of movies, how much watching one says about the other. Very good at ranking; large in memory.',
  'item-knn': 'Recommends movies that the same people watched together with the ones you liked.',
  'knn-basic': 'Finds the people whose ratings are closest to yours and averages their ratings.',
  'knn-means': 'Finds people rating like you and averages how far above or below their own average they rated.',
  'knn-zscore': 'Like knn-means, also allowing for how widely each person spreads their ratings.',
  'knn-baseline': 'Finds people rating like you, after taking out how generous each person and each movie is.',
  'slope-one': 'Predicts from how much higher or lower people rate one movie than another.',
  'co-clustering': 'Sorts people and movies into a few groups and predicts from how each group rates each group.',
  baseline: 'Only how generous you are and how well each movie is liked in general. A yardstick for the others.',
  popularity: 'The same list for everyone: the most rated (or best liked) movies. A yardstick for the others.',
  random: 'Random guesses shaped like real ratings. A yardstick: anything worth using beats it easily.',
  content: 'Matches genres, tags, title words and decades of the movies you liked. Works without anyone else’s ratings.',
  hybrid: 'A blend: ials for movies many people rated, content for the rest.',
  ltr: 'Learned from what people went on to watch after their own first ratings: how popular a movie is, who watched it after the films you rated, its year and genres. Made for someone who has rated only a few films; ranks, gives no star guesses.',
};

const LR = 'How big a step each training round takes. Larger learns faster but can overshoot.';
const REG = 'How strongly the model is held back from fitting the training ratings too closely. Larger is more cautious.';
const BIAS = 'each person’s and each movie’s general lean (generous or strict, liked or not)';

// The parts a factor model learns, for its per-part settings (lr_bu, reg_qi, ...).
const PARTS = {
  bu: 'For each person’s general lean.',
  bi: 'For each movie’s general lean.',
  pu: 'For each person’s taste dimensions.',
  qi: 'For each movie’s taste dimensions.',
  yj: 'For what the movies you chose to rate say about you.',
};
const perPart = (prefix, words) => Object.fromEntries(Object.entries(PARTS).map(([part, which]) => [`${prefix}_${part}`, `${words} ${which}`]));

/** One line per setting. Keys are parameter names; `algorithm:name` overrides for one algorithm. */
export const PARAM_WORDS = {
  n_factors: 'How many hidden taste dimensions to learn. More can capture finer taste but trains slower and may overfit.',
  factors: 'How many hidden taste dimensions to learn. More can capture finer taste but trains slower.',
  n_epochs: 'How many passes over all the ratings training makes. More fits better, up to a point, and takes longer.',
  iterations: 'How many training rounds. More fits better, up to a point, and takes longer.',
  biased: `Whether to learn ${BIAS} besides the taste dimensions.`,
  init_mean: 'Where the learned values start before training (their average).',
  init_std_dev: 'How spread out the learned values are before training starts. Small is usually best.',
  init_low: 'The lowest starting value of the learned numbers.',
  init_high: 'The highest starting value of the learned numbers.',
  lr_all: `${LR} Applies to every part unless set under Fine-tuning.`,
  learning_rate: LR,
  reg_all: `${REG} Applies to every part unless set under Fine-tuning.`,
  ...perPart('lr', LR),
  ...perPart('reg', REG),
  reg: REG,
  regularization: REG,
  reg_u: 'How strongly a person’s lean is pulled back to zero when they have few ratings.',
  reg_i: 'How strongly a movie’s lean is pulled back to zero when it has few ratings.',
  reg_exponent: 'Holds back people and movies with many ratings more (0 = everyone alike).',
  regularization_scale: 'constant: everyone held back alike; ratings: held back in proportion to how many ratings they have (as Spark’s ALS does).',
  fold_in_reg: 'How cautiously your own ratings are turned into your taste (larger = closer to the average person).',
  method: 'How the general leans are learned: als (exact, fast) or sgd (step by step).',
  k: 'How many neighbours (the most similar people or movies) each prediction listens to.',
  min_k: 'Fewer neighbours than this and the prediction falls back to the average.',
  min_support: 'How many people two movies (or movies two people) must share before they count as neighbours.',
  shrinkage: 'Trusts similarities built on few shared ratings less. Larger is more sceptical.',
  similarity: 'How “alike” is measured between two people or two movies.',
  user_based: 'On: compare people with people. Off: compare movies with movies.',
  max_neighbours: 'Keep only this many most similar neighbours per person or movie (0 = all); saves memory on big catalogues.',
  weighted: 'Trust differences between two movies more when more people rated both.',
  n_cltr_u: 'How many groups of people to form.',
  n_cltr_i: 'How many groups of movies to form.',
  mode: 'count: the most rated first. damped_mean: the best rated, once enough people rated them.',
  damping: 'For damped_mean: how many average ratings each movie starts with, so a few 5★ ratings cannot top the list.',
  lambda: 'How strongly the movie-to-movie weights are held back. Larger is more cautious and favours popular movies less.',
  implicit: 'On: learn from who rated what, ignoring the stars. Off: use the stars too.',
  threshold: 'Ratings at or below this are ignored (0 keeps all).',
  dropout: 'Randomly hides this share of the data while learning, to generalise better (0 = off).',
  max_items: 'Learn weights only for this many of the most rated movies; the rest follow by popularity. Memory grows with its square.',
  alpha: 'How much more a rating counts than a movie that was not rated.',
  confidence: 'How the stars turn into confidence: linear, or log (flattens very high values).',
  epsilon: 'For log confidence: the scale inside the logarithm.',
  feedback: 'explicit: higher stars count more. implicit: every rating counts as “watched”.',
  solver: 'How each step is solved: cg (approximate, fast) or cholesky (exact, slower).',
  cg_steps: 'For the cg solver: how many refinement steps per update. More is closer to exact.',
  fold_in_iterations: 'How many rounds are spent fitting your own taste from your ratings.',
  normalize: 'Scale each movie’s similarities so that heavily connected movies do not dominate.',
  genre_weight: 'How much shared genres count.',
  tag_weight: 'How much shared tags count.',
  title_weight: 'How much shared title words count.',
  decade_weight: 'How much the same decade counts.',
  director_weight: 'How much the same director counts (catalogues with TMDb details).',
  cast_weight: 'How much shared actors count (catalogues with TMDb details).',
  keyword_weight: 'How much shared TMDb keywords count.',
  overview_weight: 'How much shared words of the plot summary count (catalogues with TMDb details).',
  min_df: 'Ignore genres, tags and words used by fewer movies than this.',
  components: 'The models blended and their weights (edit as JSON).',
  fusion: 'weighted: add the models’ scores. rank: add their positions in each list.',
  normalization: 'How scores are put on one scale before adding: zscore or minmax.',
  rrf_k: 'For rank fusion: how quickly lower positions count less.',
  cold_threshold: 'Movies with fewer ratings than this are scored by content only.',
  hidden: 'How many hidden units the small network has. More can combine the clues in finer ways but trains slower.',
  epochs: 'How many passes over the training examples. More fits better, up to a point, and takes longer.',
  batch_size: 'How many examples each training step looks at together.',
  l2: 'How strongly the learned weights are held back toward zero. Larger is more cautious.',
  negatives: 'The share of not-watched movies kept as examples (the rest are skipped to train faster, and those kept count more).',
  cuts: 'The profile sizes practised on: each person’s first this-many ratings, then what they watched after.',
  n_candidates: 'How many of the most rated movies are ranked; the rest follow by popularity.',
  n_universe: 'How many of the most rated movies count as clues when they are in your ratings.',
  late_position: 'A rating after this many counts as “found later” for the clue about movies people discover late.',
  order: 'The order of each person’s ratings when training: time (as rated), or, for data without dates, random or most rated first.',
  'ltr:damping': 'How many average ratings each movie’s mean starts with, so a few 5★ ratings cannot make it look loved.',
  'bayesian-fm:n_iter': 'How many sampling rounds training makes. More averages over more plausible fits and takes longer.',
  'bayesian-fm:burn_in': 'How many first rounds are thrown away while the model settles.',
  'bayesian-fm:n_blocks': 'Into how many stretches the kept rounds are averaged. More is a little more accurate and a larger model.',
  'bayesian-fm:rated_items': 'Describe each person also by which movies they rated.',
  'bayesian-fm:raters': 'Describe each movie also by who rated it.',
  'bayesian-fm:genres': 'Describe each movie also by its genres (helps movies with few ratings).',
  'baseline:n_epochs': 'How many rounds are spent learning the general leans.',
  'knn-basic:n_epochs': 'How many rounds are spent learning the general leans (for the pearson_baseline similarity).',
};

/** The choices of settings that take one of a few names. */
export const PARAM_CHOICES = {
  method: ['als', 'sgd'],
  similarity: ['cosine', 'msd', 'pearson', 'pearson_baseline', 'adjusted_cosine'],
  'item-knn:similarity': ['cosine', 'adjusted_cosine', 'pearson'],
  mode: ['count', 'damped_mean'],
  confidence: ['linear', 'log'],
  feedback: ['explicit', 'implicit'],
  solver: ['cg', 'cholesky'],
  fusion: ['weighted', 'rank'],
  normalization: ['zscore', 'minmax'],
  order: ['time', 'random', 'popularity'],
};

export const paramWords = (algorithm, name) => PARAM_WORDS[`${algorithm}:${name}`] ?? PARAM_WORDS[name] ?? '';
export const paramChoices = (algorithm, name) => PARAM_CHOICES[`${algorithm}:${name}`] ?? PARAM_CHOICES[name] ?? null;

/** The comparison's scores: a short name, the plain meaning, and which way is better. */
export const METRIC_WORDS = [
  { key: 'precision@K', short: (k) => `Hits in top ${k}`, words: (k) => `Share of the top ${k} that the person had really rated (the test hid those ratings).`, higher: true },
  { key: 'recall@K', short: () => 'Found', words: (k) => `Share of the person’s hidden ratings that made the top ${k}.`, higher: true },
  { key: 'ndcg@K', short: () => 'Order', words: () => 'Like hits, with hits near the top counting more (nDCG).', higher: true },
  { key: 'map@K', short: () => 'Avg. precision', words: () => 'Hits weighted by how early they come (MAP).', higher: true },
  { key: 'hit_rate@K', short: () => 'Anyone helped', words: (k) => `Share of people with at least one hidden rating in their top ${k}.`, higher: true },
  { key: 'mrr', short: () => 'First hit', words: () => 'How early the first hit comes, on average (1 = always first).', higher: true },
  { key: 'coverage', short: () => 'Variety', words: () => 'Share of the catalogue that is ever recommended to anyone.', higher: true },
  { key: 'novelty', short: () => 'Novelty', words: () => 'How little-known the picks are (higher = less mainstream).', higher: true },
  { key: 'rmse', short: () => 'Star error', words: () => 'Typical miss when guessing a hidden rating, in stars (RMSE; lower is better).', higher: false },
  { key: 'mae', short: () => 'Avg. miss', words: () => 'Average miss when guessing a hidden rating, in stars (MAE; lower is better).', higher: false },
];
