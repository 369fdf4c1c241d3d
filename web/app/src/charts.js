// Charts on uPlot: the live training loss, grouped metric bars, and the
// precision/recall scatter at k. Styled for the dark theme.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export const PALETTE = ['#00e054', '#40bcf4', '#ff8000', '#e05cff', '#ffd23f', '#ff5c7a', '#7cf2d0', '#b9a4ff', '#ffa98a', '#9acd32'];

const axis = (extra = {}) => ({
  stroke: '#c5cfd9',
  grid: { stroke: '#2c3440', width: 1 },
  ticks: { stroke: '#2c3440', width: 1 },
  font: '12px system-ui, sans-serif',
  labelFont: '12px system-ui, sans-serif',
  ...extra,
});

function widthOf(el) {
  return Math.max(260, Math.floor(el.clientWidth || el.parentElement?.clientWidth || 600));
}

/** Keep a chart as wide as its container. */
function responsive(u, el) {
  const ro = new ResizeObserver(() => {
    const w = widthOf(el);
    if (Math.abs(w - u.width) > 2) u.setSize({ width: w, height: u.height });
  });
  ro.observe(el);
  return () => ro.disconnect();
}

/** A live line chart of loss per epoch. Returns { push(epoch, loss), reset(), destroy() }. */
export function lossChart(el, { label = 'loss', xLabel = 'pass' } = {}) {
  const xs = [];
  const ys = [];
  const u = new uPlot(
    {
      width: widthOf(el),
      height: 220,
      scales: { x: { time: false } },
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      axes: [axis({ label: xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }), axis({ label, size: 60 })],
      series: [{ label: xLabel }, { label, stroke: PALETTE[0], width: 2, points: { show: true, size: 5, fill: PALETTE[0] } }],
    },
    [xs, ys],
    el,
  );
  const stop = responsive(u, el);
  return {
    push(x, y) {
      xs.push(x);
      ys.push(y);
      u.setData([xs, ys]);
    },
    reset() {
      xs.length = 0;
      ys.length = 0;
      u.setData([xs, ys]);
    },
    destroy() {
      stop();
      u.destroy();
    },
  };
}

/**
 * Grouped bars: one group per metric, one bar per algorithm.
 * values[a][m] is algorithm a's value of metric m (null when undefined).
 */
export function groupedBars(el, { metrics, algorithms, values, height = 260, yLabel = '', colors = null }) {
  const nA = algorithms.length;
  const xs = metrics.map((_, i) => i);
  const group = 0.8;
  const w = group / nA;
  const series = [{ label: 'metric' }];
  algorithms.forEach((name, a) => {
    const color = PALETTE[(colors?.[a] ?? a) % PALETTE.length];
    series.push({
      label: name,
      stroke: color,
      fill: color,
      width: 0,
      points: { show: false },
      paths: uPlot.paths.bars({
        size: [1, Infinity, 2],
        disp: {
          x0: { unit: 1, values: () => xs.map((x) => x - group / 2 + a * w) },
          size: { unit: 1, values: () => [w * 0.9] },
        },
      }),
    });
  });
  const data = [xs, ...values.map((row) => row.map((v) => (v == null || !Number.isFinite(v) ? null : v)))];
  const u = new uPlot(
    {
      width: widthOf(el),
      height,
      scales: { x: { time: false, range: [-0.5, metrics.length - 0.5] }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      legend: { show: true, live: false },
      cursor: { show: false },
      axes: [
        axis({ splits: () => xs, values: (u, splits) => splits.map((i) => metrics[i] ?? ''), grid: { show: false } }),
        axis({ label: yLabel, size: 56 }),
      ],
      series,
    },
    data,
    el,
  );
  const stop = responsive(u, el);
  return { destroy: () => (stop(), u.destroy()) };
}

/** Precision (y) against recall (x) at k: one point per algorithm. */
export function prScatter(el, { algorithms, precision, recall, k }) {
  const order = recall.map((r, i) => [r ?? 0, i]).sort((a, b) => a[0] - b[0]);
  const xs = order.map(([r]) => r);
  const series = [{ label: `recall@${k}` }];
  const data = [xs];
  algorithms.forEach((name, a) => {
    series.push({
      label: name,
      stroke: PALETTE[a % PALETTE.length],
      fill: PALETTE[a % PALETTE.length],
      paths: () => null,
      points: { show: true, size: 14, fill: PALETTE[a % PALETTE.length] },
    });
    data.push(order.map(([, i]) => (i === a ? precision[a] : null)));
  });
  const maxX = Math.max(0.01, ...xs) * 1.15;
  const maxY = Math.max(0.01, ...precision.filter(Number.isFinite)) * 1.15;
  const u = new uPlot(
    {
      width: widthOf(el),
      height: 260,
      scales: { x: { time: false, range: [0, maxX] }, y: { range: [0, maxY] } },
      legend: { show: true, live: false },
      cursor: { show: false },
      axes: [axis({ label: `recall@${k}` }), axis({ label: `precision@${k}`, size: 60 })],
      series,
    },
    data,
    el,
  );
  const stop = responsive(u, el);
  return { destroy: () => (stop(), u.destroy()) };
}
