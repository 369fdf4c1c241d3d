// Model lab: pick an algorithm and its hyper-parameters, train it with a live
// loss chart, and compare algorithms on an evaluation protocol. Training and
// evaluation run in the library's worker; the page stays responsive.
import { app, toast } from '../app.js';
import { h, replace, fmtMs, fmtInt, field } from '../dom.js';
import { progressBar } from '../components/progress.js';
import { lossChart, groupedBars, prScatter } from '../charts.js';
import { DEFAULT_SEED } from '../recommender-lifecycle.js';

/** The parameters an algorithm takes, as [{ name, type, default, min, max, options, description }]. */
function paramSpecs(info, known) {
  const fromValue = (name, value) => ({
    name,
    type: typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'number' : 'string',
    default: value,
  });
  if (Array.isArray(info.params)) return info.params.map((p) => ({ type: typeof p.default, ...p }));
  if (info.params && typeof info.params === 'object') return Object.entries(info.params).map(([k, v]) => (v && typeof v === 'object' ? { name: k, ...v } : fromValue(k, v)));
  if (info.defaults) return Object.entries(info.defaults).map(([k, v]) => fromValue(k, v));
  if (known) return Object.entries(known).map(([k, v]) => fromValue(k, v));
  return null;
}

const PROTOCOLS = [
  ['holdout:0.2', 'Hold-out: 20% of all ratings'],
  ['user-stratified:0.2', 'Per user: 20% of each person’s ratings'],
  ['new-users:0.1:10', 'New users: 10% of people held out, 10 random ratings given'],
  ['new-users:0.1:10:first', 'New users: 10% of people held out, their first 10 ratings given'],
  ['leave-last:1', 'Leave last: each person’s latest rating'],
  ['kfold:5', '5-fold cross-validation (slowest)'],
];

const needsTimestamps = (protocol) => protocol.startsWith('leave-last') || protocol.endsWith(':first');

const METRICS = [
  ['P', 'precision@K'],
  ['R', 'recall@K'],
  ['nDCG', 'ndcg@K'],
  ['MAP', 'map@K'],
  ['Hit', 'hit_rate@K'],
  ['MRR', 'mrr'],
  ['Cov.', 'coverage'],
];

const metric = (report, key) => {
  const k = report.k ?? 10;
  const name = key.replace('K', String(k));
  const v = report.mean?.[name];
  return v == null || !Number.isFinite(v) ? null : v;
};

export function renderLab(main) {
  const { lifecycle, store } = app;
  const rec = lifecycle.rec;
  const algorithms = rec.algorithms;
  const known = store.settings.knownParams ?? {};
  const cleanups = [];

  // ------------------------------------------------------------ train
  const current = lifecycle.currentChoice();
  const algoSelect = h(
    'select',
    { id: 'lab-algorithm', onchange: () => drawParams() },
    algorithms.map((a) => h('option', { value: a.name, selected: a.name === (rec.model?.algorithm ?? current.algorithm) }, a.name)),
  );
  const algoInfo = h('p', { class: 'small muted' });
  const paramBox = h('div', { class: 'param-grid' });
  const jsonBox = h('textarea', { id: 'lab-params-json', rows: 3, spellcheck: false, class: 'mono', placeholder: '{ "n_factors": 50, "n_epochs": 10 }' });
  const seedInput = h('input', { type: 'number', id: 'lab-seed', value: String(DEFAULT_SEED), min: '0', step: '1' });
  let specs = null;

  function drawParams() {
    const info = algorithms.find((a) => a.name === algoSelect.value);
    algoInfo.textContent = `${info.description ?? ''}${info.predictsRatings === false ? ' Ranks movies; predicts no ratings.' : ''}`;
    specs = paramSpecs(info, known[info.name]);
    const given = info.name === rec.model?.algorithm ? store.settings.params ?? {} : {};
    jsonBox.value = '';
    if (!specs?.length) {
      replace(paramBox, h('p', { class: 'small muted' }, specs ? 'This algorithm has no hyper-parameters.' : 'Parameters for this algorithm are listed after its first training; you can give them as JSON below (names in docs/algorithms.md).'));
      if (!specs && Object.keys(given).length) jsonBox.value = JSON.stringify(given);
      return;
    }
    replace(
      paramBox,
      specs.map((p) => {
        const id = `param-${p.name}`;
        const value = p.name in given ? given[p.name] : p.default;
        let input;
        if (p.type === 'boolean') input = h('input', { type: 'checkbox', id, checked: Boolean(value) });
        else if (p.options) input = h('select', { id }, p.options.map((o) => h('option', { value: o, selected: o === value }, o)));
        else if (p.type === 'number')
          input = h('input', { type: 'number', id, value: String(value), step: 'any', min: p.min ?? null, max: p.max ?? null });
        else input = h('input', { type: 'text', id, value: String(value ?? '') });
        input.dataset.param = p.name;
        input.dataset.default = JSON.stringify(p.default);
        if (p.type === 'boolean') return h('label', { class: 'check', title: p.description ?? null }, input, h('span', {}, p.name));
        const f = field(p.name, input);
        if (p.description) f.title = p.description;
        return f;
      }),
    );
  }

  /** Only the parameters changed from their defaults (so derived defaults keep working), plus the JSON box. */
  function collectParams() {
    const out = {};
    for (const input of paramBox.querySelectorAll('[data-param]')) {
      const def = JSON.parse(input.dataset.default ?? 'null');
      let v;
      if (input.type === 'checkbox') v = input.checked;
      else if (input.type === 'number') v = input.value === '' ? def : Number(input.value);
      else v = input.value;
      if (JSON.stringify(v) !== JSON.stringify(def)) out[input.dataset.param] = v;
    }
    if (jsonBox.value.trim()) Object.assign(out, JSON.parse(jsonBox.value));
    return out;
  }

  const chartEl = h('div', { class: 'chart', 'aria-label': 'Training loss by epoch', role: 'img', hidden: true });
  const chartEmpty = h('p', { class: 'chart-empty' }, 'Train a model to see its loss fall, epoch by epoch.');
  const bar = progressBar();
  bar.el.hidden = true;
  const trainResult = h('p', { class: 'train-result', role: 'status' });
  const trainBtn = h('button', { type: 'button', class: 'btn btn-primary', onclick: train }, 'Train');
  const cancelBtn = h('button', { type: 'button', class: 'btn', hidden: true, onclick: () => lifecycle.cancelTraining() }, 'Cancel training');
  let chart = null;

  async function train() {
    let params;
    try {
      params = collectParams();
    } catch (err) {
      trainResult.textContent = `The JSON parameters are not valid: ${err.message}`;
      return;
    }
    const algorithm = algoSelect.value;
    chart?.reset();
    chartEmpty.textContent = 'Waiting for the first epoch…';
    bar.el.hidden = false;
    bar.set({ stage: 'starting' });
    trainResult.textContent = '';
    let lossCount = 0;
    const t0 = performance.now();
    try {
      const info = await lifecycle.train({
        algorithm,
        params,
        seed: Number(seedInput.value) || 0,
        onProgress: (p) => {
          bar.set(p);
          if (p.loss != null && Number.isFinite(p.loss) && p.epoch > 0) {
            chartEl.hidden = false;
            chartEmpty.hidden = true;
            chart?.push(p.epoch, p.loss);
            lossCount++;
          }
        },
      });
      const secs = info?.trainSeconds ?? (performance.now() - t0) / 1000;
      trainResult.textContent = `Trained ${algorithm} in ${fmtMs(secs * 1000)}. It now makes your recommendations.`;
      if (!lossCount) chartEmpty.textContent = `${algorithm} is not trained by epochs, so it has no loss curve.`;
      if (rec.model?.params) {
        known[algorithm] = rec.model.params;
        store.setSetting('knownParams', { ...known });
        if (!specs) drawParams();
      }
    } catch (err) {
      trainResult.textContent = err.code === 'ABORTED' ? 'Training cancelled; the previous model is still in use.' : `Training failed: ${err.message}`;
    } finally {
      bar.el.hidden = true;
    }
  }

  const onState = () => {
    const busy = lifecycle.state === 'training';
    trainBtn.disabled = busy;
    cancelBtn.hidden = !busy;
    if (busy) {
      bar.el.hidden = false;
      bar.set(lifecycle.progress);
    }
    modelLine.textContent = rec.model
      ? `In use: ${rec.model.algorithm}${Object.keys(store.settings.params ?? {}).length && store.settings.algorithm === rec.model.algorithm ? ` ${JSON.stringify(store.settings.params)}` : ' (default parameters)'}${rec.model.trainSeconds ? `, trained in ${fmtMs(rec.model.trainSeconds * 1000)}` : ', loaded from this device'}.`
      : 'No model yet.';
  };
  const modelLine = h('p', { class: 'muted' });
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
  const evalBtn = h('button', { type: 'button', class: 'btn btn-primary', onclick: evaluate }, 'Run evaluation');
  const evalCancel = h('button', { type: 'button', class: 'btn', hidden: true }, 'Cancel evaluation');
  const evalOut = h('div', { class: 'eval-out' });
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
      /* the JSON box only matters for training */
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
      await store.setSetting('lastEval', { reports, elapsed, at: Date.now() });
      drawEval(reports, elapsed);
    } catch (err) {
      replace(evalOut, h('p', { class: err.code === 'ABORTED' ? 'muted' : 'error-text' }, err.code === 'ABORTED' ? 'Evaluation cancelled.' : `Evaluation failed: ${err.message}`));
    } finally {
      evalBtn.disabled = false;
      evalCancel.hidden = true;
      evalBar.el.hidden = true;
    }
  }

  const STAGES = { split: 'splitting the ratings', fit: 'training', rate: 'scoring held-out ratings', rank: 'ranking for each person', done: 'done' };
  function describeEval(p) {
    const parts = [];
    if (p.algorithm) parts.push(p.count > 1 ? `${p.algorithm} (${p.index + 1} of ${p.count})` : p.algorithm);
    if (p.fold && p.folds > 1) parts.push(`fold ${p.fold} of ${p.folds}`);
    if (p.stage) parts.push(p.stage === 'fit' && p.fit?.totalEpochs ? `training, epoch ${p.fit.epoch} of ${p.fit.totalEpochs}` : STAGES[p.stage] ?? p.stage);
    return parts.join(' · ');
  }

  function drawEval(reports, elapsed) {
    evalCharts.forEach((c) => c.destroy());
    evalCharts = [];
    const k = reports[0]?.k ?? 10;
    const names = reports.map((r) => r.algorithm);
    const rankingEl = h('div', { class: 'chart' });
    const ratingEl = h('div', { class: 'chart' });
    const prEl = h('div', { class: 'chart' });
    const hasRmse = reports.some((r) => metric(r, 'rmse') != null);
    const table = h(
      'table',
      { class: 'metrics' },
      h('caption', {}, `${reports[0]?.protocol ?? ''}, k = ${k}, ${reports[0]?.dataset ?? ''} — computed in ${fmtMs(elapsed)}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Algorithm'), ['RMSE', 'MAE', `P@${k}`, `R@${k}`, `NDCG@${k}`, `MAP@${k}`, `Hit@${k}`, 'MRR', 'Coverage', 'Novelty', 'Fit'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        reports.map((r) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, r.algorithm),
            ['rmse', 'mae', 'precision@K', 'recall@K', 'ndcg@K', 'map@K', 'hit_rate@K', 'mrr', 'coverage', 'novelty'].map((key) => {
              const v = metric(r, key);
              return h('td', {}, v == null ? '–' : v.toFixed(key === 'novelty' ? 2 : 4));
            }),
            h('td', {}, r.fit_seconds != null ? fmtMs(r.fit_seconds * 1000) : '–'),
          ),
        ),
      ),
    );
    replace(
      evalOut,
      h('div', { class: 'table-wrap' }, table),
      h('div', { class: 'chart-grid' },
        h(
          'figure',
          {},
          h('figcaption', {}, `Ranking metrics at k = ${k} (higher is better)`),
          rankingEl,
          h('p', { class: 'small muted' }, 'P precision, R recall, nDCG normalised discounted cumulative gain, MAP mean average precision, Hit share of people with a hit, MRR mean reciprocal rank, Cov. share of the catalogue ever recommended.'),
        ),
        h('figure', {}, h('figcaption', {}, `Precision against recall at k = ${k}`), prEl),
        hasRmse ? h('figure', {}, h('figcaption', {}, 'Rating error (lower is better)'), ratingEl) : null,
      ),
    );
    evalCharts.push(
      groupedBars(rankingEl, {
        metrics: METRICS.map(([label]) => label),
        algorithms: names,
        values: reports.map((r) => METRICS.map(([, key]) => metric(r, key))),
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
          metrics: ['RMSE', 'MAE'],
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
  async function drawSaved() {
    const models = (await store.listModels()).filter((m) => m.snapshot === lifecycle.snapshotKey());
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
                h('span', {}, h('strong', {}, m.algorithm), ` ${Object.keys(m.params ?? {}).length ? JSON.stringify(m.params) : '(defaults)'} · seed ${m.seed}${m.trainSeconds ? ` · trained in ${fmtMs(m.trainSeconds * 1000)}` : ''} · ${fmtInt(Math.round(m.size / 1024))} KB`),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'btn btn-small',
                    onclick: async () => {
                      try {
                        await lifecycle.useModel({ algorithm: m.algorithm, params: m.params, seed: m.seed });
                        await store.setSetting('algorithm', m.algorithm);
                        await store.setSetting('params', m.params);
                        await store.setSetting('seed', m.seed);
                        toast(`Now using the saved ${m.algorithm} model.`);
                      } catch (err) {
                        toast(`Could not load that model: ${err.message}`, { kind: 'error' });
                      }
                    },
                  },
                  'Use',
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'Models you train are saved on this device and listed here.'),
    );
  }
  const onModel = () => drawSaved();
  lifecycle.addEventListener('model', onModel);
  cleanups.push(() => lifecycle.removeEventListener('model', onModel));

  main.replaceChildren(
    h(
      'div',
      { class: 'lab' },
      h('h1', { class: 'page-title' }, 'Model lab'),
      h('p', { class: 'lede' }, `Train and compare recommenders on ${fmtInt(rec.snapshotInfo.ratings)} ratings, right here. Everything runs in a background worker.`),
      modelLine,
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'train-h' },
        h('h2', { id: 'train-h' }, 'Train'),
        h('div', { class: 'row wrap' }, field('Algorithm', algoSelect), field('Seed', seedInput)),
        algoInfo,
        h('fieldset', { class: 'params' }, h('legend', {}, 'Hyper-parameters'), paramBox, h('details', {}, h('summary', {}, 'Parameters as JSON'), h('label', { for: 'lab-params-json', class: 'small muted' }, 'Overrides the fields above.'), jsonBox)),
        h('div', { class: 'row' }, trainBtn, cancelBtn),
        bar.el,
        chartEl,
        chartEmpty,
        trainResult,
      ),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'eval-h' },
        h('h2', { id: 'eval-h' }, 'Compare algorithms'),
        h('p', { class: 'small muted' }, 'Each algorithm is trained on part of the ratings and scored on the rest. The algorithm selected above uses your parameters; the others their defaults. Your own ratings are not used.'),
        algoChecks,
        h('div', { class: 'row wrap' }, field('Protocol', protocolSelect), field('k (list length)', kInput)),
        h('div', { class: 'row' }, evalBtn, evalCancel),
        evalBar.el,
        evalOut,
      ),
      h('section', { class: 'panel', 'aria-labelledby': 'saved-h' }, h('h2', { id: 'saved-h' }, 'Saved models'), savedList),
    ),
  );
  drawParams();
  chart = lossChart(chartEl);
  cleanups.push(() => chart.destroy());
  onState();
  drawSaved();
  const last = store.settings.lastEval;
  if (last?.reports?.length) drawEval(last.reports, last.elapsed);
  cleanups.push(() => evalCharts.forEach((c) => c.destroy()));
  return () => cleanups.forEach((f) => f());
}
