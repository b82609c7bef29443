// Weekly reports: ISO weeks, the report model built from store rows, and its renderers (HTML with
// inline SVG charts, Markdown, CSV, PDF). Publishers deliver them; src/app/report.ts wires it up.
export { parseIsoWeek, getIsoWeekOf, getLastFullIsoWeek, shiftIsoWeek, type IsoWeek } from './iso-week.js';
export type * from './report-types.js';
export { parseRequestsSeries } from './build-accountability.js';
export { buildWeeklyReport, type ReportInputs, type AlertsInputs, type LiveAlertData, type LiveSli } from './build-report.js';
export { buildReportCharts, type ChartSpec } from './charts.js';
export { renderChartSvg } from './render-svg.js';
export { buildReportTables, renderCsv, type ReportTable } from './render-tables.js';
export { renderReportHtml, type RenderedChart } from './render-html.js';
export { renderReportMarkdown } from './render-markdown.js';
export { renderPdf, isChromiumInstalled, launchChromium, chromiumPath, chromiumArgs } from './render-pdf.js';
export { reportMessages, formatAmount, formatUsd, formatPercent, formatDate } from './messages.js';
