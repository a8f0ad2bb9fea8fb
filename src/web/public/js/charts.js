// @ts-check
/**
 * Charts for the savings and zone pages: Apache ECharts, served by the app at /vendor/echarts.min.js (no CDN),
 * loaded on first use so the other pages do not pay for it. Each chart follows its container's width (phones
 * included) and is disposed of when the page changes.
 */

let loading = null;
const live = new Set();

function load() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/echarts.min.js';
      s.onload = () => resolve(window.echarts);
      s.onerror = () => {
        loading = null;
        reject(new Error('图表组件加载失败'));
      };
      document.head.appendChild(s);
    });
  }
  return loading;
}

/** Draws `option` into `el` (already in the page); returns the chart. */
async function draw(el, option) {
  const echarts = await load();
  for (const c of [...live]) {
    if (!document.body.contains(c.getDom())) {
      c.dispose();
      live.delete(c);
    }
  }
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  chart.setOption({ animation: false, textStyle: { fontFamily: 'inherit' }, ...option });
  live.add(chart);
  return chart;
}

window.addEventListener('resize', () => live.forEach((c) => c.resize()));

/** 'YYYY-MM-DD' (Beijing) → epoch ms at the start of that day. */
const dayMs = (date) => Date.parse(`${date}T00:00:00+08:00`);

const escape = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export const charts = { load, draw, dayMs, escape };
