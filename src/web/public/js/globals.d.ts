// Globals the UI's type check needs to know (tsconfig.web.json); not served to browsers as code.
interface Window {
  /** Apache ECharts, loaded on first use from /vendor/echarts.min.js (charts.js). */
  echarts?: typeof import('echarts');
}
