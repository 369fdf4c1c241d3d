// Model lab: pick an algorithm and its settings (each explained in a line),
// train it with a live chart — after asking, since it replaces the model
// behind "For you" — and compare algorithms, ending with a plain verdict and
// "use this one". Training and evaluation run in the library's worker; every
// progress state ends (done, cancelled or failed, with a message).
import { app, toast } from '../app.js';
import { h, replace, fmtMs, fmtInt, field, nextId } from '../dom.js';
import { progressBar, describeProgress } from '../components/progress.js';
import { confirmDialog } from '../components/confirm.js';
import { lossChart, groupedBars, prScatter } from '../charts.js';
import { DEFAULT_SEED, stableJson } from '../recommender-lifecycle.js';
import { fmtBytes } from '../model-cache.js';
import { ALGORITHM_WORDS, METRIC_WORDS, paramChoices, paramWords } from '../lab-words.js';

const PROTOCOLS = [
  ['holdout:0.2', 'Hide 20% of all ratings and guess them'],
  ['user-stratified:0.2', 'Hide 20% of each person’s ratings'],
  ['new-users:0.1:10', 'Newcomers: 10% of people, 10 random ratings each to start from'],
  ['new-users:0.1:10:first', 'Newcomers: 10% of people, their first 10 ratings to start from'],
  ['leave-last:1', 'Guess each person’s latest rating'],
  ['kfold:5', 'Five rounds, each hiding a fifth (slowest)'],
];

const needsTimestamps = (protocol) => protocol.startsWith('leave-last') || protocol.endsWith(':first');

// The charts' short labels (the table names each score in full).
const CHART_METRICS = [
  ['Hits', 'precision@K'],
  ['Found', 'recall@K'],
  ['Order', 'ndcg@K'],
  ['Avg. prec.', 'map@K'],
  ['Helped', 'hit_rate@K'],
  ['1st hit', 'mrr'],
  ['Variety', 'coverage'],
];

const metric = (report, key) => {
  const k = report.k ?? 10;
  const v = report.mean?.[key.replace('K', String(k))];
  return v == null || !Number.isFinite(v) ? null : v;
};

const pct = (x) => (x < 0.1 ? `${(x * 100).toFixed(1)}%` : `${Math.round(x * 100)}%`);

/** The settings of an algorithm from its defaults: [{ name, type, default, choices, words }]. */
function paramSpecs(info) {
  const defaults = info.params && typeof info.params === 'object' ? info.params : {};
  return Object.entries(defaults).map(([name, value]) => ({
    name,
    type: typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'number' : value !== null && typeof value === 'object' ? 'json' : 'string',
    default: value,
    choices: paramChoices(info.name, name),
    words: paramWords(info.name, name),
  }));
}

// Settings most people leave alone: per-part learning rates and holding
// back, starting values, and the k-NN family's baseline estimation.
const KNN_BASELINE = new Set(['method', 'learning_rate', 'n_epochs', 'reg', 'reg_i', 'reg_u']);
function isFineTuning(algorithm, name) {
  if (/^(lr|reg)_(bu|bi|pu|qi|yj)$|^init_/.test(name)) return true;
  return algorithm.startsWith('knn-') && KNN_BASELINE.has(name);
}

/** A plain verdict over evaluation reports: best at ranking, best at guessing stars. */
export function verdict(reports, inUse) {
  const k = reports[0]?.k ?? 10;
  const byRank = reports.filter((r) => metric(r, 'precision@K') != null).sort((a, b) => metric(b, 'precision@K') - metric(a, 'precision@K') || (metric(b, 'ndcg@K') ?? 0) - (metric(a, 'ndcg@K') ?? 0));
  const byStars = reports.filter((r) => metric(r, 'rmse') != null).sort((a, b) => metric(a, 'rmse') - metric(b, 'rmse'));
  const lines = [];
  const best = byRank[0] ?? null;
  if (best) {
    const p = metric(best, 'precision@K');
    const next = byRank[1];
    const vs = next ? `, against ${pct(metric(next, 'precision@K'))} for ${next.algorithm}, the next best` : '';
    lines.push(`Best at picking movies: ${best.algorithm}. ${pct(p)} of its top ${k} were movies the person had really rated (and the test had hidden)${vs}.`);
  }
  if (byStars.length) {
    const s = byStars[0];
    lines.push(`Closest star guesses: ${s.algorithm}, off by ${metric(s, 'rmse').toFixed(2)}★ typically.`);
  }
  if (best && inUse) lines.push(best.algorithm === inUse ? `${inUse} already makes your recommendations.` : `${inUse} makes your recommendations now.`);
  return { best, lines };
}

export function renderLab(main) {
  const { lifecycle, store } = app;
  const rec = lifecycle.rec;
  const algorithms = rec.algorithms;
  const cleanups = [];
  const mountedAt = Date.now();

  // ------------------------------------------------------------ train
  const current = lifecycle.currentChoice();
  const algoSelect = h(
    'select',
    { id: 'lab-algorithm', onchange: () => drawParams() },
    algorithms.map((a) => h('option', { value: a.name, selected: a.name === (rec.model?.algorithm ?? current.algorithm) }, a.name)),
  );
  const algoWords = h('p', { class: 'algo-words' });
  const algoInfo = h('p', { class: 'small muted' });
  const paramBox = h('div', { class: 'param-box' });
  const jsonBox = h('textarea', { id: 'lab-params-json', rows: 3, spellcheck: false, class: 'mono', placeholder: '{ "n_factors": 50, "n_epochs": 10 }' });
  const seedInput = h('input', { type: 'number', id: 'lab-seed', value: String(DEFAULT_SEED), min: '0', step: '1' });

  function drawParams() {
    const info = algorithms.find((a) => a.name === algoSelect.value);
    algoWords.textContent = ALGORITHM_WORDS[info.name] ?? info.description ?? '';
    algoInfo.textContent = `${info.description ?? ''}.${info.predictsRatings === false ? ' It ranks movies and predicts no star ratings.' : ' It predicts star ratings.'}`;
    labelTrain();
    const specs = paramSpecs(info);
    const given = info.name === rec.model?.algorithm ? store.settings.params ?? {} : {};
    jsonBox.value = '';
    if (!specs.length) {
      replace(paramBox, h('p', { class: 'small muted' }, 'This algorithm has no settings.'));
      return;
    }
    const fields = specs.map((p) => {
        const id = `param-${p.name}`;
        const value = p.name in given ? given[p.name] : p.default;
        const helpId = nextId('help');
        const help = p.words ? h('span', { class: 'param-help', id: helpId }, p.words) : null;
        const describedBy = help ? helpId : null;
        let input;
        if (p.type === 'boolean') input = h('input', { type: 'checkbox', id, checked: Boolean(value), 'aria-describedby': describedBy });
        else if (p.choices) input = h('select', { id, 'aria-describedby': describedBy }, (p.choices.includes(value) ? p.choices : [value, ...p.choices]).map((o) => h('option', { value: o, selected: o === value }, o)));
        else if (p.type === 'number') input = h('input', { type: 'number', id, value: String(value), step: 'any', 'aria-describedby': describedBy });
        else if (p.type === 'json') input = h('textarea', { id, rows: 4, spellcheck: false, class: 'mono', 'aria-describedby': describedBy }, JSON.stringify(value));
        else input = h('input', { type: 'text', id, value: String(value ?? ''), 'aria-describedby': describedBy });
        input.dataset.param = p.name;
        input.dataset.kind = p.type;
        input.dataset.default = stableJson(p.default);
        if (p.type === 'boolean') return h('div', { class: 'param' }, h('label', { class: 'check' }, input, h('span', {}, p.name)), help);
        const f = field(p.name, input, { cls: `param${p.type === 'json' ? ' param-wide' : ''}` });
        if (help) f.append(help);
        return f;
      });
    // The main settings first; the per-part overrides and starting values fold away.
    const main = [];
    const fine = [];
    specs.forEach((p, i) => (isFineTuning(info.name, p.name) ? fine : main).push(fields[i]));
    replace(
      paramBox,
      h('div', { class: 'param-grid' }, main),
      fine.length
        ? h('details', { class: 'fine-tuning' }, h('summary', {}, `Fine-tuning: ${fine.length} more settings`), h('div', { class: 'param-grid' }, fine))
        : null,
    );
  }

  /** Only the settings changed from their defaults (so derived defaults keep working), plus the JSON box. */
  function collectParams() {
    const out = {};
    for (const input of paramBox.querySelectorAll('[data-param]')) {
      const name = input.dataset.param;
      let v;
      if (input.dataset.kind === 'boolean') v = input.checked;
      else if (input.dataset.kind === 'number') v = input.value === '' ? JSON.parse(input.dataset.default) : Number(input.value);
      else if (input.dataset.kind === 'json') {
        try {
          v = JSON.parse(input.value);
        } catch (err) {
          throw new Error(`the setting ${name} is not valid JSON (${err.message})`);
        }
      } else v = input.value;
      if (stableJson(v) !== input.dataset.default) out[name] = v;
    }
    if (jsonBox.value.trim()) {
      let extra;
      try {
        extra = JSON.parse(jsonBox.value);
      } catch (err) {
        throw new Error(`the settings as JSON are not valid (${err.message})`);
      }
      if (!extra || typeof extra !== 'object' || Array.isArray(extra)) throw new Error('the settings as JSON must be an object, such as { "n_factors": 50 }');
      Object.assign(out, extra);
    }
    return out;
  }

  const chartEl = h('div', { class: 'chart', 'aria-label': 'Training error by pass', role: 'img', hidden: true });
  const chartEmpty = h('p', { class: 'chart-empty' }, 'Train a model to watch its training error fall, pass by pass.');
  const bar = progressBar();
  bar.el.hidden = true;
  const trainResult = h('p', { class: 'train-result', role: 'status' });
  const trainBtn = h('button', { type: 'button', class: 'btn btn-primary', onclick: () => askThenTrain(algoSelect.value) }, 'Train');
  const cancelBtn = h('button', { type: 'button', class: 'btn', hidden: true, onclick: () => lifecycle.cancelTraining() }, 'Cancel training');
  let chart = null;
  let lastJobAt = 0; // the outcome shown belongs to a job this page saw
  // "Train ials and use it" once a model makes the recommendations, else "Train ials".
  const labelTrain = () => (trainBtn.textContent = rec.model ? `Train ${algoSelect.value} and use it` : `Train ${algoSelect.value}`);

  // "Use item-knn for your recommendations?" — training replaces the model behind For you.
  const confirm = confirmDialog({ title: 'Use this model for your recommendations?', confirm: 'Train and use it' });

  /** Train `algorithm` with `params` (default: the form's), after asking when a model is in use. */
  function askThenTrain(algorithm, params) {
    let settings = params;
    if (settings === undefined) {
      try {
        settings = algorithm === algoSelect.value ? collectParams() : {};
      } catch (err) {
        trainResult.textContent = `Not trained: ${err.message}.`;
        return;
      }
    }
    const what = { algorithm, params: settings, seed: Number(seedInput.value) || 0 };
    if (!rec.model) return train(what);
    const now = rec.model.algorithm;
    confirm.text.textContent =
      now === algorithm
        ? `Training replaces the ${now} model that makes your recommendations now with a new ${algorithm} model${Object.keys(settings).length ? ' with these settings' : ''}. You can go back to a saved model below.`
        : `Training ${algorithm} replaces ${now}, which makes your recommendations now. You can go back to ${now} from “Saved models” below.`;
    confirm.ask((yes) => {
      if (yes) train(what);
      else trainResult.textContent = 'Nothing was trained; your recommendations are unchanged.';
    });
  }

  async function train({ algorithm, params, seed }) {
    chart?.reset();
    chartEl.hidden = true;
    chartEmpty.hidden = false;
    chartEmpty.textContent = `Waiting for ${algorithm}’s first pass…`;
    trainResult.textContent = '';
    lastJobAt = Date.now();
    let points = 0;
    try {
      await lifecycle.train({
        algorithm,
        params,
        seed,
        purpose: 'lab',
        onProgress: (p) => {
          if (p.loss != null && Number.isFinite(p.loss) && p.epoch > 0) {
            chartEl.hidden = false;
            chartEmpty.hidden = true;
            chart?.push(p.epoch, p.loss);
            points++;
          }
        },
      });
      if (!points) chartEmpty.textContent = `${algorithm} is not trained in passes, so there is no error curve to show.`;
      toast(`${algorithm} now makes your recommendations.`);
    } catch {
      /* the outcome line says what happened (lifecycle.outcome) */
      if (!points) chartEmpty.hidden = true;
    }
  }

  const modelLine = h('p', { class: 'model-line' });
  const onState = () => {
    const busy = lifecycle.state === 'training';
    const job = lifecycle.job;
    trainBtn.disabled = busy;
    cancelBtn.hidden = !(busy && job?.kind === 'train');
    bar.el.hidden = !busy;
    if (busy) {
      bar.set(job?.progress, job?.algorithm);
      lastJobAt = lastJobAt || Date.now();
      if (job?.kind === 'train') trainResult.textContent = job.purpose === 'lab' ? '' : `Training ${job.algorithm} (started outside the lab)…`;
    } else {
      const o = lifecycle.outcome;
      // Every job this page saw ends with a sentence: done, cancelled or failed.
      if (o && (o.at >= mountedAt || lastJobAt)) {
        trainResult.textContent = o.kind === 'done' && o.purpose === 'lab' ? `${o.message} It now makes your recommendations.` : o.message;
        trainResult.classList.toggle('error-text', o.kind === 'failed');
      }
      lastJobAt = 0;
    }
    labelTrain();
    const s = store.settings;
    const own = s.algorithm === rec.model?.algorithm && Object.keys(s.params ?? {}).length ? ` with ${JSON.stringify(s.params)}` : ' with its default settings';
    modelLine.textContent = rec.model
      ? rec.model === rec.carriedModel
        ? `In use for your recommendations: ${rec.model.algorithm}, trained ahead and shipped with the ${rec.isCatalogue ? 'catalogue' : 'snapshot'}.`
        : `In use for your recommendations: ${rec.model.algorithm}${own}${rec.model.trainSeconds ? `, trained in ${fmtMs(rec.model.trainSeconds * 1000)}` : ', loaded from this device'}.`
      : 'No model yet: train one below.';
  };
  lifecycle.addEventListener('state', onState);
  lifecycle.addEventListener('model', onState);
  cleanups.push(() => lifecycle.removeEventListener('state', onState), () => lifecycle.removeEventListener('model', onState));

  // ------------------------------------------------------------ evaluate
  const defaultChecked = new Set(['svd', 'popularity', 'baseline', 'item-knn', 'ease'].filter((n) => algorithms.some((a) => a.name === n)).slice(0, 3));
  if (!defaultChecked.size) algorithms.slice(0, 2).forEach((a) => defaultChecked.add(a.name));
  const algoChecks = h(
    'fieldset',
    { class: 'checks' },
    h('legend', {}, 'Algorithms to compare'),
    algorithms.map((a) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'eval-algo', value: a.name, checked: defaultChecked.has(a.name) }), h('span', {}, a.name))),
  );
  const protocolSelect = h(
    'select',
    { id: 'eval-protocol' },
    PROTOCOLS.filter(([p]) => !needsTimestamps(p) || rec.snapshotInfo.hasTimestamps).map(([p, label]) => h('option', { value: p }, label)),
  );
  const kInput = h('input', { type: 'number', id: 'eval-k', value: '10', min: '1', max: '100', step: '1' });
  const evalBar = progressBar('Evaluation progress');
  evalBar.el.hidden = true;
  const evalBtn = h('button', { type: 'button', class: 'btn btn-primary', onclick: evaluate }, 'Run the comparison');
  const evalCancel = h('button', { type: 'button', class: 'btn', hidden: true }, 'Cancel comparison');
  const evalOut = h('div', { class: 'eval-out', 'aria-live': 'polite' });
  let evalCharts = [];

  async function evaluate() {
    const names = [...algoChecks.querySelectorAll('input:checked')].map((i) => i.value);
    if (!names.length) {
      replace(evalOut, h('p', { class: 'error-text' }, 'Choose at least one algorithm.'));
      return;
    }
    let params = {};
    try {
      params = collectParams();
    } catch {
      /* the settings only matter for training */
    }
    const spec = names.map((name) => (name === algoSelect.value && Object.keys(params).length ? { name, params } : name));
    const controller = new AbortController();
    evalCancel.onclick = () => controller.abort();
    evalBtn.disabled = true;
    evalCancel.hidden = false;
    evalBar.el.hidden = false;
    evalBar.set({ fraction: 0, text: 'Starting…' });
    const t0 = performance.now();
    try {
      const reports = await rec.evaluate({
        algorithms: spec,
        protocol: protocolSelect.value,
        k: Math.max(1, Number(kInput.value) || 10),
        signal: controller.signal,
        onProgress: (p) => {
          const overall = p.count ? (p.index + (p.fraction ?? 0)) / p.count : p.fraction;
          evalBar.set({ fraction: overall ?? null, text: describeEval(p) });
        },
      });
      const elapsed = performance.now() - t0;
      const used = Object.fromEntries(spec.map((x) => (typeof x === 'string' ? [x, {}] : [x.name, x.params])));
      await store.setSetting('lastEval', { reports, elapsed, at: Date.now(), params: used });
      drawEval(reports, elapsed, used);
    } catch (err) {
      replace(evalOut, h('p', { class: err.code === 'ABORTED' ? 'muted' : 'error-text' }, err.code === 'ABORTED' ? 'Comparison cancelled.' : `The comparison failed: ${err.message}`));
    } finally {
      evalBtn.disabled = false;
      evalCancel.hidden = true;
      evalBar.el.hidden = true;
    }
  }

  const STAGES = { split: 'hiding part of the ratings', fit: 'training', rate: 'guessing the hidden ratings', rank: 'ranking for each person', done: 'done' };
  function describeEval(p) {
    const parts = [];
    if (p.algorithm) parts.push(p.count > 1 ? `${p.algorithm} (${p.index + 1} of ${p.count})` : p.algorithm);
    if (p.fold && p.folds > 1) parts.push(`round ${p.fold} of ${p.folds}`);
    if (p.stage) parts.push(p.stage === 'fit' && p.fit ? `training: ${describeProgress(p.fit)}` : STAGES[p.stage] ?? p.stage);
    return parts.join(' · ');
  }

  function drawEval(reports, elapsed, used = {}) {
    evalCharts.forEach((c) => c.destroy());
    evalCharts = [];
    const k = reports[0]?.k ?? 10;
    const names = reports.map((r) => r.algorithm);
    const rankingEl = h('div', { class: 'chart' });
    const ratingEl = h('div', { class: 'chart' });
    const prEl = h('div', { class: 'chart' });
    const hasRmse = reports.some((r) => metric(r, 'rmse') != null);
    const { best, lines } = verdict(reports, rec.model?.algorithm);
    const shown = METRIC_WORDS.filter((m) => reports.some((r) => metric(r, m.key) != null));
    const table = h(
      'table',
      { class: 'metrics' },
      h('caption', {}, `${PROTOCOLS.find(([p]) => p === reports[0]?.protocol)?.[1] ?? reports[0]?.protocol ?? ''} (${reports[0]?.protocol ?? ''}), top ${k} — computed in ${fmtMs(elapsed)}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Algorithm'),
          shown.map((m) => h('th', { scope: 'col', title: m.words(k) }, m.short(k), h('span', { class: 'metric-dir', 'aria-label': m.higher ? '(higher is better)' : '(lower is better)' }, m.higher ? ' ↑' : ' ↓'))),
          h('th', { scope: 'col' }, 'Training time'),
        ),
      ),
      h(
        'tbody',
        {},
        reports.map((r) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, r.algorithm),
            shown.map((m) => {
              const v = metric(r, m.key);
              return h('td', {}, v == null ? '–' : m.key === 'novelty' ? v.toFixed(2) : m.key === 'rmse' || m.key === 'mae' ? `${v.toFixed(3)}★` : pct(v));
            }),
            h('td', {}, r.fit_seconds != null ? fmtMs(r.fit_seconds * 1000) : '–'),
          ),
        ),
      ),
    );
    const useBest =
      best && best.algorithm !== rec.model?.algorithm
        ? h('button', { type: 'button', class: 'btn btn-primary', onclick: () => askThenTrain(best.algorithm, used[best.algorithm] ?? {}) }, `Use ${best.algorithm} for my recommendations`)
        : null;
    replace(
      evalOut,
      h('div', { class: 'verdict notice' }, h('h3', {}, 'Verdict'), lines.map((l) => h('p', {}, l)), useBest, best ? null : h('p', {}, 'No algorithm could be ranked on this test.')),
      h('div', { class: 'table-wrap' }, table),
      h(
        'details',
        { class: 'metric-words' },
        h('summary', {}, 'What the scores mean'),
        h('dl', {}, shown.flatMap((m) => [h('dt', {}, m.short(k)), h('dd', {}, m.words(k))])),
      ),
      h(
        'div',
        { class: 'chart-grid' },
        h('figure', {}, h('figcaption', {}, `Ranking scores for the top ${k} (higher is better)`), rankingEl),
        h('figure', {}, h('figcaption', {}, `Hits against favourites found, top ${k}`), prEl),
        hasRmse ? h('figure', {}, h('figcaption', {}, 'Star-guessing error (lower is better)'), ratingEl) : null,
      ),
    );
    evalCharts.push(
      groupedBars(rankingEl, {
        metrics: CHART_METRICS.map(([label]) => label),
        algorithms: names,
        values: reports.map((r) => CHART_METRICS.map(([, key]) => metric(r, key))),
      }),
      prScatter(prEl, {
        algorithms: names,
        precision: reports.map((r) => metric(r, 'precision@K') ?? 0),
        recall: reports.map((r) => metric(r, 'recall@K') ?? 0),
        k,
      }),
    );
    if (hasRmse) {
      const rated = reports.filter((r) => metric(r, 'rmse') != null);
      evalCharts.push(
        groupedBars(ratingEl, {
          metrics: ['Star error', 'Avg. miss'],
          algorithms: rated.map((r) => r.algorithm),
          values: rated.map((r) => [metric(r, 'rmse'), metric(r, 'mae')]),
          height: 220,
          colors: rated.map((r) => names.indexOf(r.algorithm)),
        }),
      );
    }
  }

  // ------------------------------------------------------------ saved models
  const savedList = h('div');
  const useButton = (m) =>
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-small',
        'aria-label': `Use the saved ${m.algorithm} model`,
        onclick: async () => {
          try {
            await lifecycle.useModel({ algorithm: m.algorithm, params: m.params, seed: m.seed, purpose: 'saved' });
            toast(`${m.algorithm} now makes your recommendations.`);
          } catch (err) {
            if (err?.code !== 'ABORTED') toast(`Could not use that model: ${err.message}`, { kind: 'error' });
          }
        },
      },
      'Use',
    );
  async function drawSaved() {
    const models = (await lifecycle.models.list()).filter((m) => m.snapshot === lifecycle.snapshotKey());
    replace(
      savedList,
      models.length
        ? h(
            'ul',
            { class: 'model-list' },
            models.map((m) =>
              h(
                'li',
                {},
                h(
                  'span',
                  {},
                  h('strong', {}, m.algorithm),
                  ` ${Object.keys(m.params ?? {}).length ? JSON.stringify(m.params) : '(default settings)'} · seed ${m.seed}${m.trainSeconds ? ` · trained in ${fmtMs(m.trainSeconds * 1000)}` : ''} · `,
                  m.kept === false ? `too large to keep (${fmtBytes(m.rawSize)}): retrained when used` : fmtBytes(m.size ?? 0),
                ),
                m.key === lifecycle.currentKey() ? h('span', { class: 'small muted' }, 'in use') : useButton(m),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'Models you train are saved on this device and listed here.'),
    );
  }
  lifecycle.addEventListener('saved', drawSaved);
  lifecycle.addEventListener('model', drawSaved);
  cleanups.push(() => lifecycle.removeEventListener('saved', drawSaved), () => lifecycle.removeEventListener('model', drawSaved));

  // A catalogue carries a trained model and no ratings: nothing to train or compare on.
  const catalogue = rec.isCatalogue;
  main.replaceChildren(
    h(
      'div',
      { class: 'lab' },
      h('h1', { class: 'page-title' }, 'Model lab'),
      catalogue
        ? h(
            'p',
            { class: 'lede', id: 'lab-catalogue' },
            `This catalogue came with a trained ${rec.model?.algorithm ?? ''} model and without its ratings (${fmtInt(rec.snapshotInfo.ratedBy?.ratings ?? 0)} ratings were summarised into it), so models cannot be trained or compared here. Your ratings are folded into the model on this device.`,
          )
        : h('p', { class: 'lede' }, `Train and compare recommenders on ${fmtInt(rec.snapshotInfo.ratings)} ratings, right here, in a background worker.`),
      modelLine,
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'train-h', hidden: catalogue },
        h('h2', { id: 'train-h' }, 'Train'),
        h('div', { class: 'row wrap' }, field('Algorithm', algoSelect), field('Seed', seedInput)),
        algoWords,
        algoInfo,
        h('p', { class: 'small muted' }, 'The seed fixes the random start: the same seed and settings train the same model.'),
        h(
          'fieldset',
          { class: 'params' },
          h('legend', {}, 'Settings'),
          paramBox,
          h('details', {}, h('summary', {}, 'Settings as JSON'), h('label', { for: 'lab-params-json', class: 'small muted' }, 'Overrides the fields above.'), jsonBox),
        ),
        h('div', { class: 'row wrap' }, trainBtn, cancelBtn),
        bar.el,
        trainResult,
        chartEl,
        chartEmpty,
        confirm.el,
      ),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'eval-h', hidden: catalogue },
        h('h2', { id: 'eval-h' }, 'Compare algorithms'),
        h('p', { class: 'small muted' }, 'Each algorithm learns from part of the ratings and is tested on the part it did not see. The algorithm selected above uses your settings; the others their defaults. Your own ratings are not used, and your recommendations do not change.'),
        algoChecks,
        h('div', { class: 'row wrap' }, field('Test', protocolSelect), field('List length (top k)', kInput)),
        h('div', { class: 'row wrap' }, evalBtn, evalCancel),
        evalBar.el,
        evalOut,
      ),
      // Nothing is trained on a catalogue, so nothing is saved for it.
      h('section', { class: 'panel', 'aria-labelledby': 'saved-h', hidden: catalogue }, h('h2', { id: 'saved-h' }, 'Saved models'), savedList),
    ),
  );
  drawParams();
  chart = lossChart(chartEl, { label: 'error' });
  cleanups.push(() => chart.destroy());
  onState();
  drawSaved();
  const last = store.settings.lastEval;
  if (last?.reports?.length) drawEval(last.reports, last.elapsed, last.params ?? {});
  cleanups.push(() => evalCharts.forEach((c) => c.destroy()));
  return () => cleanups.forEach((f) => f());
}
