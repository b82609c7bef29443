/**
 * Formatters of capacity results: pure functions from a CapacityReport (and forecasts) to text —
 * terminal table, JSON, CSV for finance and spreadsheets, Markdown summary. The caller writes.
 */
import { describeFxRates } from './cost-currency.js';
import type { CapacityReport, CostBreakdown, CostForecastReport, ExhaustionEstimate, NamedForecast, ResourceCapacity, ScopeCapacity } from '../domain/capacity.js';
import { GIB_BYTES } from '../domain/units.js';
import { describeScope } from '../models/capacity/index.js';

export type CapacityFormat = 'table' | 'json' | 'csv';
export const capacityFormats: readonly CapacityFormat[] = ['table', 'json', 'csv'];

/** Trims float noise (0.30000000000000004 → 0.3) without losing meaningful digits. */
function num(v: number | null | undefined, digits = 10): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  return String(Number(v.toPrecision(digits)));
}

/** "EUR", or "USD (converted at 1 EUR = 1.08 USD)" for a bill in several currencies. */
export function describeCostCurrency(cost: { currency?: string; exchangeRates?: Record<string, number> }): string {
  const currency = cost.currency ?? 'USD';
  const rates = describeFxRates(cost.exchangeRates ?? {}, currency);
  return rates.length ? `${currency} (converted at ${rates.join(', ')})` : currency;
}

function money(v: number): string {
  return (Math.round(v * 100) / 100).toFixed(2);
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csvLine(cells: (string | number | null | undefined)[]): string {
  return cells.map((c) => csvCell(typeof c === 'number' ? num(c) : c ?? '')).join(',');
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Human quantity: cores with 2 decimals, bytes in GiB with 1. */
export function formatQuantity(resource: 'cpu' | 'memory', v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '–';
  return resource === 'cpu' ? `${v.toFixed(2)} cores` : `${(v / GIB_BYTES).toFixed(1)} GiB`;
}

function pct(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '–' : `${Math.round(v * 100)} %`;
}

function findExhaustion(r: ResourceCapacity, metric: 'requests' | 'usage', kind: 'allocatable' | 'target'): ExhaustionEstimate | undefined {
  return r.exhaustion.find((e) => e.metric === metric && e.thresholdKind === kind);
}

/** "2027-01-10 … 2027-02-02" / "not within 13 w" / "now" / "?". */
function formatWindow(e: ExhaustionEstimate | undefined): string {
  if (!e) return '–';
  switch (e.status) {
    case 'exhausted': return 'now';
    case 'not-within-horizon': return `> ${Math.round(e.horizonDays / 7)} w`;
    case 'unknown': return '?';
    default: return `${e.earliestDate} … ${e.latestDate ?? 'later'}`;
  }
}

/** The sentences worth reading first: every exhaustion within the horizon and every PVC that fills, soonest first. */
export function listCapacityFindings(report: CapacityReport): string[] {
  const found: { days: number; sentence: string }[] = [];
  for (const s of report.scopes) for (const r of [s.cpu, s.memory]) for (const e of r.exhaustion) {
    if (e.status === 'exhausted' || e.status === 'within-horizon') found.push({ days: e.daysUntilLower ?? 0, sentence: e.sentence });
  }
  for (const p of report.pvcs) if (p.status === 'full' || p.status === 'within-horizon') found.push({ days: p.daysUntilLower ?? 0, sentence: p.sentence });
  return found.sort((a, b) => a.days - b.days).map((f) => f.sentence);
}

/**
 * The steps in the level the forecasts hold as new levels rather than growth (a node added, a
 * deploy that raised requests), one sentence per forecast, worded as the spend forecast's
 * (src/reports/messages.ts describeForecastSteps).
 */
export function listCapacitySteps(report: CapacityReport): string[] {
  const out: string[] = [];
  for (const s of report.scopes) for (const r of [s.cpu, s.memory]) {
    for (const [what, f] of [['requests', r.requestsForecast], ['daily usage peaks', r.usageForecast]] as const) {
      const shifts = f?.levelShifts ?? [];
      if (shifts.length === 0) continue;
      const named = shifts.map((x) => `${x.size >= 0 ? '+' : '−'}${formatQuantity(r.resource, Math.abs(x.size))} from ${x.date}`).join(', ');
      out.push(`Step${shifts.length > 1 ? 's' : ''} in ${describeScope(s.scope, s.name)} ${r.resource === 'cpu' ? 'CPU' : 'memory'} ${what}, forecast as a new level rather than growth: ${named}.`);
    }
  }
  return out;
}

/** Why some estimates could not be made, each reason once with how many estimates it stopped. */
export function listCapacityGaps(report: CapacityReport): string[] {
  const reasons = new Map<string, number>();
  for (const s of report.scopes) for (const r of [s.cpu, s.memory]) for (const e of r.exhaustion) {
    if (e.status === 'unknown' && e.reason) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
  }
  for (const p of report.pvcs) if (p.status === 'unknown' && p.reason) reasons.set(`PVC: ${p.reason}`, (reasons.get(`PVC: ${p.reason}`) ?? 0) + 1);
  return [...reasons].map(([reason, n]) => `${n} estimate${n === 1 ? '' : 's'} not made: ${reason}`);
}

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export function formatCapacityTable(report: CapacityReport): string {
  const out: string[] = [];
  out.push(`Capacity of cluster ${report.cluster} as of ${isoDate(report.nowMs)} — horizon ${report.horizonWeeks} weeks, target utilisation ${Math.round(report.targetUtilization * 100)} %, intervals at 80 %`);
  out.push('');
  const rows: string[][] = [['scope', 'name', 'resource', 'allocatable', 'requests', 'req %', 'requests peak', 'usage peak', 'requests run out', 'usage peaks run out', 'requests in ' + report.horizonWeeks + ' w (hi80)']];
  for (const s of report.scopes) for (const r of [s.cpu, s.memory]) {
    const f = r.requestsForecast;
    rows.push([s.scope, s.name, r.resource, formatQuantity(r.resource, r.allocatable), formatQuantity(r.resource, r.requestsNow), pct(r.requestsRatio),
      formatQuantity(r.resource, r.requestsPeakNow), formatQuantity(r.resource, r.usagePeakNow), formatWindow(findExhaustion(r, 'requests', 'allocatable')), formatWindow(findExhaustion(r, 'usage', 'allocatable')),
      f ? `${formatQuantity(r.resource, f.atHorizon.mean)} (${formatQuantity(r.resource, f.atHorizon.hi80)})` : '–']);
  }
  out.push(pad(rows));
  const pools = report.scopes.filter((s): s is ScopeCapacity & { sizing: NonNullable<ScopeCapacity['sizing']> } => s.sizing !== null);
  if (pools.length) {
    const target = `${Math.round(report.targetUtilization * 100)} %`;
    out.push('', `Nodes needed at ${target} target utilisation of allocatable (by daily peak of requests)`);
    out.push(pad([['node pool', 'instance type', 'nodes now', `needed now at ${target}`, `needed in ${report.horizonWeeks} w at ${target}`, 'hi80', 'decided by'],
      ...pools.map((p) => [p.name, p.sizing.instanceType, String(p.sizing.currentNodes), String(p.sizing.nodesNeededNow), num(p.sizing.nodesNeededAtHorizon) || '–', num(p.sizing.nodesNeededAtHorizonHi80) || '–', p.sizing.bindingResource])]));
  }
  if (report.pvcs.length) {
    out.push('', 'PersistentVolumeClaims');
    out.push(pad([['pvc', 'used', 'capacity', 'growth/day', 'fills (80 %)', 'expected'],
      ...report.pvcs.map((p) => [`${p.namespace}/${p.persistentVolumeClaim}`, pct(p.usedRatio), formatQuantity('memory', p.capacityBytes), formatQuantity('memory', p.growthBytesPerDay),
        p.status === 'within-horizon' ? `${p.earliestDate} … ${p.latestDate ?? 'later'}` : p.status === 'full' ? 'full now' : p.status === 'not-growing' ? 'not growing' : p.status === 'unknown' ? '?' : `> ${report.horizonWeeks} w`,
        p.expectedDate ?? '–'])]));
  }
  if (report.cost) {
    const totals = report.cost.series.filter((c) => c.breakdown === 'service');
    out.push('', `Cost forecast (effective cost, ${describeCostCurrency(report.cost)}; monthly intervals are sums of daily bounds — conservative)`);
    out.push(pad([['service', 'per day now', 'next 3 months', '80 %', 'next 12 months', '80 %'],
      ...totals.map((c) => [c.key, money(c.recentDailyUsd), money(c.next3Months.meanUsd), `${money(c.next3Months.lo80Usd)} – ${money(c.next3Months.hi80Usd)}`,
        money(c.next12Months.meanUsd), `${money(c.next12Months.lo80Usd)} – ${money(c.next12Months.hi80Usd)}`])]));
  }
  const findings = listCapacityFindings(report);
  out.push('', findings.length ? 'Findings:' : `Nothing runs out within ${report.horizonWeeks} weeks.`);
  for (const f of findings) out.push(`  - ${f}`);
  for (const step of listCapacitySteps(report)) out.push(`  step: ${step}`);
  for (const g of listCapacityGaps(report)) out.push(`  note: ${g}`);
  for (const w of report.warnings) out.push(`  warning: ${w}`);
  return out.join('\n') + '\n';
}

const capacityCsvHeader = ['scope', 'name', 'resource', 'unit', 'allocatable', 'requests_now', 'requests_peak_now', 'usage_peak_now', 'requests_ratio', 'usage_ratio',
  'requests_horizon_mean', 'requests_horizon_hi80', 'usage_horizon_mean', 'usage_horizon_hi80',
  'requests_exhaustion_status', 'requests_exhaustion_earliest', 'requests_exhaustion_expected', 'requests_exhaustion_latest',
  'usage_exhaustion_status', 'usage_exhaustion_earliest', 'usage_exhaustion_expected', 'usage_exhaustion_latest',
  'nodes_current', 'nodes_needed_now', 'nodes_needed_horizon', 'nodes_needed_horizon_hi80', 'nodes_target_utilization'];

/** One row per scope and resource; exhaustion columns against allocatable; node counts at the target utilisation. */
export function formatCapacityCsv(report: CapacityReport): string {
  const lines = [capacityCsvHeader.join(',')];
  for (const s of report.scopes) for (const r of [s.cpu, s.memory]) {
    const req = findExhaustion(r, 'requests', 'allocatable');
    const use = findExhaustion(r, 'usage', 'allocatable');
    const sz = r.resource === 'cpu' ? s.sizing : null;
    lines.push(csvLine([s.scope, s.name, r.resource, r.unit, r.allocatable, r.requestsNow, r.requestsPeakNow, r.usagePeakNow, r.requestsRatio, r.usageRatio,
      r.requestsForecast?.atHorizon.mean, r.requestsForecast?.atHorizon.hi80, r.usageForecast?.atHorizon.mean, r.usageForecast?.atHorizon.hi80,
      req?.status, req?.earliestDate, req?.expectedDate, req?.latestDate, use?.status, use?.earliestDate, use?.expectedDate, use?.latestDate,
      sz?.currentNodes, sz?.nodesNeededNow, sz?.nodesNeededAtHorizon, sz?.nodesNeededAtHorizonHi80, sz ? report.targetUtilization : null]));
  }
  return lines.join('\n') + '\n';
}

/**
 * Finance's CSV, one row per key and month: `<breakdown>,month,mean,lo80,hi80,lo95,hi95,
 * actual_to_date,forecast_days`, then what to judge the row by — `method`, `history_days`,
 * `level_shifts` (`YYYY-MM-DD +12.34/day; …`, the steps forecast as steps), `indicative` (why the
 * history does not support the horizon, empty when it does), `recent_error` (mean |forecast −
 * actual| / actual of the same forecast on the last months, 4 decimals) and
 * `recent_within80` (`held/months`). Amounts with cents, in the ISO 4217 code of the last column
 * (`currency`: the bill's, or USD for a bill in several converted with --fx).
 */
export function formatCostForecastCsv(report: CapacityReport, breakdown: CostBreakdown): string {
  const lines = [`${breakdown},month,mean,lo80,hi80,lo95,hi95,actual_to_date,forecast_days,method,history_days,level_shifts,indicative,recent_error,recent_within80,currency`];
  const currency = report.cost?.currency ?? 'USD';
  for (const s of report.cost?.series ?? []) {
    if (s.breakdown !== breakdown) continue;
    const shifts = (s.levelShifts ?? []).map((x) => `${x.date} ${x.sizeUsdPerDay >= 0 ? '+' : '-'}${money(Math.abs(x.sizeUsdPerDay))}/day`).join('; ');
    const accuracy = s.recentAccuracy ?? null;
    const judge = [csvCell(s.method), s.historyDays === undefined ? '' : String(s.historyDays), csvCell(shifts), csvCell(s.indicative ?? ''),
      accuracy ? accuracy.meanAbsoluteErrorRatio.toFixed(4) : '', accuracy ? `${accuracy.within80}/${accuracy.months}` : '', currency];
    for (const m of s.months) lines.push([csvCell(s.key), m.month, money(m.meanUsd), money(m.lo80Usd), money(m.hi80Usd), money(m.lo95Usd), money(m.hi95Usd), money(m.actualToDateUsd), String(m.forecastDays), ...judge].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Half a cent per row: each CSV amount is rounded to the cent, so a breakdown's rows can miss the total's rounded figure by that much per row (plus the total's own half cent). */
export function financeReconciliationToleranceUsd(rows: number): number {
  return 0.005 * (rows + 1);
}

/**
 * Finance's one CSV (runFinanceForecast), one row per breakdown, key and month:
 * `breakdown,key,month,currency,mean,lo80,hi80,lo95,hi95,actual_to_date,forecast_days,basis,
 * reconciliation_factor,method,history_days,level_shifts,indicative,recent_error,recent_within80`.
 * `basis` is `bill` (services, the total; or namespace tags without an allocation) or
 * `allocation` (namespaces and teams as allocated). Every breakdown's rows add up to its
 * `(total)` row month by month within financeReconciliationToleranceUsd (cents rounding);
 * `reconciliation_factor` is what the row's forecast days were scaled by to get there (reconcile.ts).
 * Amounts are in `currency`, the bill's, with cents.
 */
export function formatFinanceForecastCsv(report: CostForecastReport | null, currency: string): string {
  const lines = ['breakdown,key,month,currency,mean,lo80,hi80,lo95,hi95,actual_to_date,forecast_days,basis,reconciliation_factor,method,history_days,level_shifts,indicative,recent_error,recent_within80'];
  const allocated = report?.allocationWindow !== undefined;
  for (const s of report?.series ?? []) {
    const basis = allocated && s.breakdown !== 'service' && s.key !== '(total)' ? 'allocation' : 'bill';
    const shifts = (s.levelShifts ?? []).map((x) => `${x.date} ${x.sizeUsdPerDay >= 0 ? '+' : '-'}${money(Math.abs(x.sizeUsdPerDay))}/day`).join('; ');
    const accuracy = s.recentAccuracy ?? null;
    const judge = [csvCell(s.method), String(s.historyDays), csvCell(shifts), csvCell(s.indicative ?? ''),
      accuracy ? accuracy.meanAbsoluteErrorRatio.toFixed(4) : '', accuracy ? `${accuracy.within80}/${accuracy.months}` : ''];
    for (const m of s.months) {
      lines.push([s.breakdown, csvCell(s.key), m.month, csvCell(currency), money(m.meanUsd), money(m.lo80Usd), money(m.hi80Usd), money(m.lo95Usd), money(m.hi95Usd), money(m.actualToDateUsd),
        String(m.forecastDays), basis, m.reconciliationFactor === undefined ? '' : m.reconciliationFactor.toFixed(4), ...judge].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** Every forecast in the DESIGN.md forecast CSV shape: `series,timestamp,mean,lo80,hi80,lo95,hi95`. */
export function formatForecastsCsv(forecasts: NamedForecast[]): string {
  const lines = ['series,timestamp,mean,lo80,hi80,lo95,hi95'];
  for (const f of forecasts) {
    for (let i = 0; i < f.mean.length; i++) {
      const ts = new Date(f.startMs + i * f.stepSeconds * 1000).toISOString().replace('.000Z', 'Z');
      lines.push(csvLine([f.series, ts, f.mean[i], f.lo80[i], f.hi80[i], f.lo95[i], f.hi95[i]]));
    }
  }
  return lines.join('\n') + '\n';
}

export function formatCapacityJson(report: CapacityReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** The Markdown summary people read: findings first, then tables, charts as linked SVG files. */
export function formatCapacitySummaryMarkdown(report: CapacityReport, charts: { title: string; file: string }[] = []): string {
  const out: string[] = [];
  out.push(`# Capacity of cluster ${report.cluster}`, '');
  out.push(`As of ${isoDate(report.nowMs)}; forecast horizon ${report.horizonWeeks} weeks; target utilisation ${Math.round(report.targetUtilization * 100)} % of allocatable; date ranges are 80 % intervals for the day a threshold is first reached (earliest from the forecast's 90 % upper bound, since a first crossing is likelier than a crossing on one given day; latest from its 80 % lower bound).`, '');
  const findings = listCapacityFindings(report);
  out.push('## Findings', '');
  if (findings.length) for (const f of findings) out.push(`- ${f}`);
  else out.push(`- Nothing runs out within ${report.horizonWeeks} weeks.`);
  for (const step of listCapacitySteps(report)) out.push(`- ${step}`);
  for (const g of listCapacityGaps(report)) out.push(`- Note: ${g}`);
  out.push('');
  for (const c of charts) out.push(`![${c.title}](${c.file})`, '');
  out.push('## Requests and usage against allocatable', '');
  out.push('| scope | name | resource | allocatable | requests | requests peak | usage peak | requests run out (80 %) | usage peaks run out (80 %) |', '|---|---|---|---:|---:|---:|---:|---|---|');
  for (const s of report.scopes) for (const r of [s.cpu, s.memory]) {
    out.push(`| ${s.scope} | ${s.name} | ${r.resource} | ${formatQuantity(r.resource, r.allocatable)} | ${formatQuantity(r.resource, r.requestsNow)} (${pct(r.requestsRatio)}) | ${formatQuantity(r.resource, r.requestsPeakNow)} | ${formatQuantity(r.resource, r.usagePeakNow)} (${pct(r.usageRatio)}) | ${formatWindow(findExhaustion(r, 'requests', 'allocatable'))} | ${formatWindow(findExhaustion(r, 'usage', 'allocatable'))} |`);
  }
  const pools = report.scopes.filter((s) => s.sizing);
  if (pools.length) {
    out.push('', `## Nodes needed at ${Math.round(report.targetUtilization * 100)} % utilisation`, '');
    out.push(`| node pool | instance type | nodes now | needed now | needed in ${report.horizonWeeks} weeks | upper 80 % | decided by |`, '|---|---|---:|---:|---:|---:|---|');
    for (const p of pools) {
      const z = p.sizing!;
      out.push(`| ${p.name} | ${z.instanceType} | ${z.currentNodes} | ${z.nodesNeededNow} | ${z.nodesNeededAtHorizon ?? '–'} | ${z.nodesNeededAtHorizonHi80 ?? '–'} | ${z.bindingResource} |`);
    }
  }
  if (report.pvcs.length) {
    out.push('', '## PersistentVolumeClaims', '');
    for (const p of report.pvcs) out.push(`- ${p.sentence} — ${pct(p.usedRatio)} used of ${formatQuantity('memory', p.capacityBytes)}, growing ${formatQuantity('memory', p.growthBytesPerDay)}/day`);
  }
  if (report.cost) {
    out.push('', '## Cost forecast', '');
    out.push(`Effective (amortised) cost in ${describeCostCurrency(report.cost)}. Monthly intervals are sums of the daily bounds: exact if daily errors move together, wider than the truth otherwise — never too narrow.`, '');
    const services = report.cost.series.filter((x) => x.breakdown === 'service');
    if (services.length) out.push('| service | per day now | next 3 months | 80 % | 95 % | next 12 months | 80 % | 95 % |', '|---|---:|---:|---|---|---:|---|---|');
    for (const c of services) {
      const a = c.next3Months, b = c.next12Months;
      out.push(`| ${c.key} | ${money(c.recentDailyUsd)} | ${money(a.meanUsd)} | ${money(a.lo80Usd)} – ${money(a.hi80Usd)} | ${money(a.lo95Usd)} – ${money(a.hi95Usd)} | ${money(b.meanUsd)} | ${money(b.lo80Usd)} – ${money(b.hi80Usd)} | ${money(b.lo95Usd)} – ${money(b.hi95Usd)} |`);
    }
    if (report.cost.skipped.length && services.length) out.push('');
    for (const s of report.cost.skipped) out.push(`- not forecast: ${s.breakdown} ${s.key} (${s.reason})`);
  }
  if (report.warnings.length) {
    out.push('', '## Warnings', '');
    for (const w of report.warnings) out.push(`- ${w}`);
  }
  return out.join('\n') + '\n';
}
