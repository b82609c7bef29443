/**
 * The self-contained HTML page: inline CSS (screen and print), inline SVG charts, no scripts, no
 * external requests. Headline numbers carry `data-headline="<json path>"` so tests and scrapers can
 * check them against report.json.
 */
import type { WeeklyReport, SectionBase } from './report-types.js';
import type { ReportTable } from './render-tables.js';
import { displayColumns } from './render-tables.js';
import { describeExhaustion, describeForecastSteps, formatAmount, formatDate, formatDays, formatPercent, formatSignedAmount, formatUsd, reportMessages } from './messages.js';

export interface RenderedChart {
  id: string;
  title: string;
  svg: string;
}

/** Escapes text for HTML content and double-quoted attributes. */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const css = `
:root { --fg:#111827; --muted:#6b7280; --line:#e5e7eb; --accent:#2563eb; --good:#16a34a; --bad:#dc2626; }
* { box-sizing: border-box; }
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1000px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 6px; } .muted, .note { color: var(--muted); } .note { font-style: italic; }
nav ol { columns: 2; padding-left: 20px; margin: 8px 0 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 10px; margin: 16px 0; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.tile .label { color: var(--muted); font-size: 12px; } .tile .value { font-size: 20px; font-weight: bold; }
.up { color: var(--bad); } .down { color: var(--good); }
ul.highlights li { margin: 2px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f9fafb; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 10px 0 16px; page-break-inside: avoid; break-inside: avoid; } figcaption { font-weight: bold; margin-bottom: 4px; }
figure svg { max-width: 100%; height: auto; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; } nav { display: none; }
  h2 { page-break-after: avoid; break-after: avoid; } table, tr { page-break-inside: avoid; break-inside: avoid; }
  @page { size: A4; margin: 14mm; }
}`;

function renderTable(t: ReportTable): string {
  if (t.display.length === 0) return '';
  const cols = displayColumns(t);
  const numeric = cols.map((_, i) => t.display.every((row) => /^[−+]?[$\d—]/.test(row[i] ?? '') || row[i] === '—'));
  const head = cols.map((c) => `<th scope="col">${esc(c.replace(/_/g, ' '))}</th>`).join('');
  const body = t.display.map((row) => `<tr>${row.map((cell, i) => `<td${numeric[i] ? ' class="num"' : ''}>${esc(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table id="table-${t.id}" aria-label="${esc(t.title)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function renderFigure(c: RenderedChart | undefined): string {
  if (!c) return '';
  return `<figure id="chart-${c.id}" class="chart"><figcaption>${esc(c.title)}</figcaption>\n${c.svg}\n</figure>`;
}

function note(section: SectionBase): string {
  return section.note ? `<p class="note">${esc(section.note)}</p>` : '';
}

function tile(label: string, path: string, value: string, cls = ''): string {
  return `<div class="tile"><div class="label">${esc(label)}</div><div class="value ${cls}" data-headline="${esc(path)}">${esc(value)}</div></div>`;
}

/** The SLO with the least budget left, when live SLI data gave any. */
function lowestSloTile(r: WeeklyReport): string[] {
  let lowest = -1;
  r.alerts.slos.forEach((s, i) => {
    if (s.budgetRemainingRatio !== null && (lowest < 0 || s.budgetRemainingRatio < r.alerts.slos[lowest]!.budgetRemainingRatio!)) lowest = i;
  });
  if (lowest < 0) return [];
  const s = r.alerts.slos[lowest]!;
  return [tile(`Least error budget left: ${s.service}/${s.name}`, `alerts.slos.${lowest}.budgetRemainingRatio`, formatPercent(s.budgetRemainingRatio), s.budgetStatus === 'healthy' ? 'down' : 'up')];
}

export function renderReportHtml(r: WeeklyReport, tables: ReportTable[], charts: RenderedChart[]): string {
  const t = (id: string) => {
    const table = tables.find((x) => x.id === id);
    return table ? `<h3>${esc(table.title)}</h3>${renderTable(table) || '<p class="muted">none</p>'}` : '';
  };
  const ch = (id: string) => renderFigure(charts.find((c) => c.id === id));
  const s = r.summary;
  const money = (x: number | null) => formatAmount(x, r.currency);
  const dir = (x: number | null) => (x === null || x === 0 ? '' : x > 0 ? 'up' : 'down');
  const nearest = s.nearestExhaustion.find((e) => e.threshold === 'allocatable');
  const nearestIndex = nearest ? s.nearestExhaustion.indexOf(nearest) : -1;
  const tiles = [
    tile('Spend last week', 'summary.spend.lastWeekUsd', money(s.spend.lastWeekUsd)),
    tile('Spend the week before', 'summary.spend.previousWeekUsd', money(s.spend.previousWeekUsd)),
    tile('Change week over week', 'summary.spend.changeUsd', formatSignedAmount(s.spend.changeUsd, r.currency), dir(s.spend.changeUsd)),
    tile('Forecast for last week', 'summary.spend.forecastUsd', money(s.spend.forecastUsd)),
    tile(`Rightsizing savings / month${r.currency === 'USD' ? '' : ' (USD)'}`, 'summary.rightsizingMonthlySavingsUsd', formatUsd(s.rightsizingMonthlySavingsUsd)),
    tile(`Commitment savings / month${r.currency === 'USD' ? '' : ' (USD)'}`, 'summary.commitmentMonthlySavingsUsd', formatUsd(s.commitmentMonthlySavingsUsd)),
    nearest
      ? (nearest.daysToExhaustion !== null
        ? tile(`Runs out: ${nearest.scope} ${nearest.name} ${nearest.resource}`, `summary.nearestExhaustion.${nearestIndex}.daysToExhaustion`, formatDays(nearest.daysToExhaustion))
        : tile(`Could run out (80%): ${nearest.scope} ${nearest.name} ${nearest.resource}`, `summary.nearestExhaustion.${nearestIndex}.daysToExhaustionLower`, `in ${formatDays(nearest.daysToExhaustionLower)}`))
      : `<div class="tile"><div class="label">Nearest exhaustion</div><div class="value">${r.capacity.status === 'ok' ? 'none in the horizon' : '—'}</div></div>`,
    ...lowestSloTile(r),
  ].join('\n');
  const exhaustion = s.nearestExhaustion.length
    ? `<h3>Nearest exhaustion and planning dates</h3><ul>${s.nearestExhaustion.map((e) => `<li>${esc(`${describeExhaustion(e)}; ${formatPercent(e.headroomRatio)} of allocatable unrequested now`)}</li>`).join('')}</ul>`
    : '';
  const coverage = r.commitments.currentCoverageRatio === null ? '' : `<p>Commitments covered <strong data-headline="commitments.currentCoverageRatio">${formatPercent(r.commitments.currentCoverageRatio)}</strong> of last week's compute spend.</p>`;
  const acc = r.accountability;
  const accSummary = acc.status === 'ok' ? `<p>Mean absolute error <strong>${formatPercent(acc.meanAbsErrorRatio)}</strong>; the 80% interval held in <strong>${formatPercent(acc.interval80HitRatio)}</strong> of weeks.</p>` : '';
  const firedAlerts = !r.alerts.liveData ? '' : r.alerts.firedAlerts === null ? `<p class="muted">${esc(reportMessages.noAlertHistory)}</p>` : r.alerts.firedAlerts.length ? t('fired-alerts') : `<p>${esc(reportMessages.noAlertsFired)}</p>`;
  const forecastNote = (f: WeeklyReport['cost']['forecast13Weeks']) => {
    if (!f) return '';
    const steps = describeForecastSteps(f, r.currency);
    return `<p class="muted">Forecast run ${esc(f.runId)} (${esc(f.model)}), made ${formatDate(f.runAtMs)}; total ${money(f.totalMeanUsd)}.</p>${steps ? `<p data-forecast-steps>${esc(steps)}</p>` : ''}`;
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Headroom weekly report ${esc(r.week.week)}</title><style>${css}</style></head>
<body>
<header><h1>Weekly capacity and cost report — ${esc(r.week.week)}</h1>
<p class="muted">${formatDate(r.week.startMs)} to ${formatDate(r.week.endMs - 1)} (UTC, ISO week). Compared with ${esc(r.previousWeek.week)}. <span data-currency="${esc(r.currency)}">${esc(reportMessages.amountsIn(r.currency, r.exchangeRates))}</span></p>
<nav aria-label="Sections"><ol><li><a href="#summary">Summary</a></li><li><a href="#capacity">Capacity</a></li><li><a href="#cost">Cost and forecasts</a></li><li><a href="#cost-by-team">Cost by team</a></li><li><a href="#rightsizing">Rightsizing</a></li><li><a href="#commitments">Commitments</a></li><li><a href="#alerts">Alerts and SLOs</a></li><li><a href="#accountability">Accountability</a></li></ol></nav></header>
<main>
<section id="summary"><h2>Summary</h2>
<div class="tiles">${tiles}</div>
<ul class="highlights">${s.highlights.map((h) => `<li>${esc(h)}</li>`).join('')}</ul>
${exhaustion}
${t('top-movers')}
</section>
<section id="capacity"><h2>Capacity per cluster and node pool</h2>${note(r.capacity)}${ch('capacity')}${r.capacity.rows.length ? t('capacity') : ''}</section>
<section id="cost"><h2>Cost and forecasts</h2>${note(r.cost)}${ch('daily-cost')}
${ch('forecast-13w')}${forecastNote(r.cost.forecast13Weeks)}${r.cost.forecast13Weeks ? t('forecast-13-weeks') : ''}
${ch('forecast-12m')}${forecastNote(r.cost.forecast12Months)}${r.cost.forecast12Months ? t('forecast-12-months') : ''}
${r.cost.byNamespace.length ? t('cost-by-namespace') : ''}${r.cost.byService.length ? t('cost-by-service') : ''}</section>
<section id="cost-by-team"><h2>Cost by ${esc(r.costByTeam.label)}</h2>${note(r.costByTeam)}${r.costByTeam.reconciliation ? `<p data-headline="costByTeam.reconciliation">${esc(r.costByTeam.reconciliation)}</p>` : ''}
${r.costByTeam.movers.length ? `<p>Movers week over week: ${r.costByTeam.movers.map((m) => `<strong>${esc(m.team)}</strong> ${formatSignedAmount(m.changeUsd, r.currency)}`).join(', ')}.</p>` : ''}${ch('cost-by-team')}${r.costByTeam.teams.length ? t('cost-by-team') : ''}</section>
<section id="rightsizing"><h2>Top rightsizing savings</h2>${note(r.rightsizing)}
${r.rightsizing.status === 'ok' ? `<p>${r.rightsizing.containers} containers analysed; net savings <strong data-headline="rightsizing.totalMonthlySavingsUsd">${formatUsd(r.rightsizing.totalMonthlySavingsUsd)}</strong> a month.</p>` : ''}
${ch('rightsizing')}${r.rightsizing.status === 'ok' ? t('rightsizing') : ''}</section>
<section id="commitments"><h2>Commitment recommendations</h2>${note(r.commitments)}${coverage}${ch('commitments')}${r.commitments.status === 'ok' ? t('commitments') : ''}</section>
<section id="alerts"><h2>Alerts and SLO budgets</h2>${note(r.alerts)}${ch('slo-budgets')}${r.alerts.slos.length ? t('slos') : ''}${firedAlerts}${r.alerts.alertRules.length ? t('alert-rules') : ''}</section>
<section id="accountability"><h2>Accountability: last weeks' forecasts vs what happened</h2>${note(acc)}${accSummary}${ch('accountability')}${acc.rows.length ? t('accountability') : ''}${ch('accountability-breakdown')}${acc.breakdown.length ? t('accountability-breakdown') : ''}${acc.capacityRows.length ? `<p>${esc(reportMessages.capacityAccountability(acc) ?? '')}</p>${t('accountability-capacity')}` : ''}</section>
</main>
<footer>Generated by Headroom at ${new Date(r.generatedAtMs).toISOString()}. Data: report.json and one CSV per table beside this page.</footer>
</body></html>
`;
}
