/**
 * The report's tables as plain rows: the single source for the HTML tables, the Markdown tables and
 * the CSV files (finance audits the CSV, so it holds raw numbers; pages show formatted ones).
 */
import type { WeeklyReport } from './report-types.js';
import { budgetStatusLabels, formatAmount, formatBurnRate, formatDate, formatDurationSeconds, formatPercent, formatQuantity, formatSignedAmount, formatUsd } from './messages.js';

export interface ReportTable {
  /** File name stem of the CSV (`<id>.csv`). */
  id: string;
  title: string;
  columns: string[];
  /** Raw values for CSV. */
  raw: (string | number | boolean | null)[][];
  /** Formatted cells for pages. */
  display: string[][];
  /** Page headers when the page shows fewer, combined columns than the CSV. */
  displayHeader?: string[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function buildReportTables(r: WeeklyReport): ReportTable[] {
  const tables: ReportTable[] = [];
  // Bill amounts in the report's currency; their CSV columns are named by it (`last_week_eur`), price-list savings stay `_usd`.
  const money = (x: number | null) => formatAmount(x, r.currency);
  const signedMoney = (x: number | null) => formatSignedAmount(x, r.currency);
  const cur = r.currency.toLowerCase();
  tables.push({
    id: 'top-movers', title: 'Top movers (week over week)',
    columns: ['dimension', 'name', `last_week_${cur}`, `previous_week_${cur}`, `change_${cur}`],
    raw: r.summary.topMovers.map((m) => [m.dimension, m.name, m.lastWeekUsd, m.previousWeekUsd, m.changeUsd]),
    display: r.summary.topMovers.map((m) => [m.dimension, m.name, money(m.lastWeekUsd), money(m.previousWeekUsd), signedMoney(m.changeUsd)]),
  });
  tables.push({
    id: 'capacity', title: 'Capacity per cluster and node pool',
    columns: ['cluster', 'scope', 'name', 'resource', 'unit', 'allocatable', 'requested', 'used_peak', 'headroom_ratio', 'exhaustion_date', 'days_to_exhaustion', 'earliest_exhaustion_date', 'days_to_exhaustion_lower', 'target_earliest_date', 'days_to_target_lower'],
    raw: r.capacity.rows.map((c) => [c.cluster, c.scope, c.name, c.resource, c.unit, c.capacity, c.requested, c.used, c.headroomRatio, iso(c.exhaustionDateMs), c.daysToExhaustion, iso(c.earliestExhaustionDateMs), c.daysToExhaustionLower, iso(c.targetEarliestDateMs), c.daysToTargetLower]),
    displayHeader: ['cluster', 'scope', 'name', 'resource', 'allocatable', 'requested', 'used (peak)', 'unrequested', 'runs out (mean)', 'runs out (earliest, 80%)', 'passes target (earliest)'],
    display: r.capacity.rows.map((c) => [c.cluster, c.scope, c.name, c.resource, formatQuantity(c.capacity, c.unit), formatQuantity(c.requested, c.unit), formatQuantity(c.used, c.unit), formatPercent(c.headroomRatio),
      c.exhaustionDateMs === null ? '—' : formatDate(c.exhaustionDateMs), c.earliestExhaustionDateMs === null ? '—' : formatDate(c.earliestExhaustionDateMs), c.targetEarliestDateMs === null ? '—' : formatDate(c.targetEarliestDateMs)]),
  });
  tables.push({
    id: 'cost-by-namespace', title: 'Spend by namespace',
    columns: ['namespace', `last_week_${cur}`, `previous_week_${cur}`],
    raw: r.cost.byNamespace.map((x) => [x.namespace, x.lastWeekUsd, x.previousWeekUsd]),
    display: r.cost.byNamespace.map((x) => [x.namespace, money(x.lastWeekUsd), money(x.previousWeekUsd)]),
  });
  tables.push({
    id: 'cost-by-team', title: `Cost by ${r.costByTeam.label} (allocated)`,
    columns: [r.costByTeam.label, `last_week_${cur}`, `previous_week_${cur}`, `change_${cur}`, 'change_ratio'],
    raw: r.costByTeam.teams.map((x) => [x.team, x.lastWeekUsd, x.previousWeekUsd, x.changeUsd, x.changeRatio]),
    displayHeader: [r.costByTeam.label, 'last week', 'previous week', 'change', 'change %'],
    display: r.costByTeam.teams.map((x) => [x.team, money(x.lastWeekUsd), money(x.previousWeekUsd), signedMoney(x.changeUsd), x.changeRatio === null ? 'new' : `${x.changeRatio > 0 ? '+' : ''}${formatPercent(x.changeRatio)}`]),
  });
  tables.push({
    id: 'cost-by-service', title: 'Spend by service',
    columns: ['service', `last_week_${cur}`, `previous_week_${cur}`],
    raw: r.cost.byService.map((x) => [x.service, x.lastWeekUsd, x.previousWeekUsd]),
    display: r.cost.byService.map((x) => [x.service, money(x.lastWeekUsd), money(x.previousWeekUsd)]),
  });
  for (const [id, title, f] of [
    ['forecast-13-weeks', '13-week spend forecast', r.cost.forecast13Weeks],
    ['forecast-12-months', '12-month spend forecast', r.cost.forecast12Months],
  ] as const) {
    const points = f?.points ?? [];
    tables.push({
      id, title,
      columns: ['period_start', `mean_${cur}`, `lo80_${cur}`, `hi80_${cur}`, `lo95_${cur}`, `hi95_${cur}`],
      raw: points.map((p) => [iso(p.periodStartMs), p.meanUsd, p.lo80Usd, p.hi80Usd, p.lo95Usd, p.hi95Usd]),
      display: points.map((p) => [id === 'forecast-12-months' ? formatDate(p.periodStartMs).slice(0, 7) : formatDate(p.periodStartMs), money(p.meanUsd), money(p.lo80Usd), money(p.hi80Usd), money(p.lo95Usd), money(p.hi95Usd)]),
    });
  }
  const arrow = (now: string, rec: string) => `${now} → ${rec}`;
  tables.push({
    id: 'rightsizing', title: 'Top rightsizing savings',
    columns: ['cluster', 'namespace', 'workload_kind', 'workload', 'container', 'confidence', 'cpu_request_cores_now', 'cpu_request_cores_recommended', 'memory_request_bytes_now', 'memory_request_bytes_recommended', 'monthly_savings_usd', 'reason'],
    raw: r.rightsizing.top.map((x) => [x.cluster, x.namespace, x.workloadKind, x.workload, x.container, x.confidence, x.cpuRequestCoresNow, x.cpuRequestCoresRecommended, x.memoryRequestBytesNow, x.memoryRequestBytesRecommended, x.monthlySavingsUsd, x.reason]),
    displayHeader: ['container', 'confidence', 'CPU request', 'memory request', 'savings / month', 'why'],
    display: r.rightsizing.top.map((x) => [`${x.namespace}/${x.workload}/${x.container} (${x.workloadKind})`, x.confidence,
      arrow(formatQuantity(x.cpuRequestCoresNow, 'cores'), formatQuantity(x.cpuRequestCoresRecommended, 'cores')), arrow(formatQuantity(x.memoryRequestBytesNow, 'bytes'), formatQuantity(x.memoryRequestBytesRecommended, 'bytes')), formatUsd(x.monthlySavingsUsd), x.reason]),
  });
  tables.push({
    id: 'commitments', title: 'Commitment recommendations',
    columns: ['kind', 'region', 'instance_family', 'instance_type', 'count', 'hourly_commitment_usd', 'upfront_usd', 'estimated_monthly_savings_usd', 'break_even_months', 'expected_utilization', 'expected_coverage'],
    raw: r.commitments.recommendations.map((c) => [c.kind, c.region, c.instanceFamily, c.instanceType, c.count, c.hourlyCommitmentUsd, c.upfrontUsd, c.estimatedMonthlySavingsUsd, c.breakEvenMonths, c.expectedUtilization, c.expectedCoverage]),
    display: r.commitments.recommendations.map((c) => [c.kind, c.region, c.instanceFamily ?? '—', c.instanceType ?? '—', c.count === null ? '—' : String(c.count), c.hourlyCommitmentUsd === null ? '—' : `$${c.hourlyCommitmentUsd.toFixed(3)}/h`, formatUsd(c.upfrontUsd), formatUsd(c.estimatedMonthlySavingsUsd), c.breakEvenMonths === null ? '—' : c.breakEvenMonths.toFixed(1), formatPercent(c.expectedUtilization), formatPercent(c.expectedCoverage)]),
  });
  tables.push({
    id: 'alert-rules', title: 'Generated alert rules',
    columns: ['alert', 'severity', 'file'],
    raw: r.alerts.alertRules.map((a) => [a.name, a.severity, a.file]),
    display: r.alerts.alertRules.map((a) => [a.name, a.severity, a.file]),
  });
  tables.push({
    id: 'slos', title: 'SLOs and error budgets',
    columns: ['service', 'slo', 'objective_percent', 'window_days', 'budget_status', 'budget_remaining_ratio', 'week_budget_consumed_ratio', 'window_error_ratio', 'week_error_ratio', 'week_burn_rate', 'current_burn_rate', 'days_to_exhaustion',
      'window_total_events', 'window_error_events', 'week_total_events', 'week_error_events', 'reasons'],
    raw: r.alerts.slos.map((s) => [s.service, s.name, s.objectivePercent, s.windowDays, s.budgetStatus, s.budgetRemainingRatio, s.weekBudgetConsumedRatio, s.windowErrorRatio, s.weekErrorRatio, s.weekBurnRate, s.currentBurnRate, s.daysToExhaustion,
      s.windowTotalEvents, s.windowErrorEvents, s.weekTotalEvents, s.weekErrorEvents, s.reasons.join('; ')]),
    displayHeader: ['SLO', 'objective', 'window', 'status', 'budget left', 'used this week', 'burn (week)', 'burn (last hour)', 'lasts at this pace', 'why'],
    display: r.alerts.slos.map((s) => [`${s.service}/${s.name}`, s.objectivePercent === null ? '—' : `${s.objectivePercent}%`, formatDurationSeconds(s.windowDays === null ? null : s.windowDays * 86_400), budgetStatusLabels[s.budgetStatus],
      formatPercent(s.budgetRemainingRatio), formatPercent(s.weekBudgetConsumedRatio), formatBurnRate(s.weekBurnRate), formatBurnRate(s.currentBurnRate),
      s.daysToExhaustion === null ? '—' : s.daysToExhaustion === 0 ? 'spent' : `${s.daysToExhaustion.toFixed(1)} days`, s.reasons.join('; ')]),
  });
  tables.push({
    id: 'fired-alerts', title: 'Alerts that fired during the week',
    columns: ['alert', 'severity', 'firings', 'series', 'firing_seconds', 'first_firing', 'last_firing'],
    raw: (r.alerts.firedAlerts ?? []).map((a) => [a.alertname, a.severity, a.firings, a.series, a.firingSeconds, iso(a.firstFiringMs), iso(a.lastFiringMs)]),
    displayHeader: ['alert', 'severity', 'firings', 'label sets', 'firing time', 'first', 'last'],
    display: (r.alerts.firedAlerts ?? []).map((a) => [a.alertname, a.severity || '—', String(a.firings), String(a.series), formatDurationSeconds(a.firingSeconds),
      new Date(a.firstFiringMs).toISOString().slice(0, 16).replace('T', ' '), new Date(a.lastFiringMs).toISOString().slice(0, 16).replace('T', ' ')]),
  });
  tables.push({
    id: 'accountability', title: 'Last weeks\u2019 forecasts vs what happened',
    columns: ['week', 'series', 'forecast_made_at', `forecast_${cur}`, `lo80_${cur}`, `hi80_${cur}`, `actual_${cur}`, 'error_ratio', 'held_80_interval'],
    raw: r.accountability.rows.map((a) => [a.week, a.series, iso(a.runAtMs), a.forecastUsd, a.lo80Usd, a.hi80Usd, a.actualUsd, a.errorRatio, a.heldInterval80]),
    display: r.accountability.rows.map((a) => [a.week, a.series, formatDate(a.runAtMs), money(a.forecastUsd), money(a.lo80Usd), money(a.hi80Usd), money(a.actualUsd), formatPercent(a.errorRatio, true), a.heldInterval80 === null ? '—' : a.heldInterval80 ? 'yes' : 'no']),
  });
  const acc = r.accountability;
  tables.push({
    id: 'accountability-breakdown', title: 'Forecast accuracy per namespace and service',
    columns: ['dimension', 'name', 'weeks', 'mean_abs_error_ratio', 'interval80_hit_ratio', `last_week_forecast_${cur}`, `last_week_actual_${cur}`, 'last_week_error_ratio'],
    raw: acc.breakdown.map((b) => [b.dimension, b.name, b.weeks, b.meanAbsErrorRatio, b.interval80HitRatio, b.lastWeekForecastUsd, b.lastWeekActualUsd, b.lastWeekErrorRatio]),
    displayHeader: ['namespace / service', 'weeks', 'mean abs. error', '80% interval held', `${r.week.week} forecast`, `${r.week.week} actual`, `${r.week.week} error`],
    display: acc.breakdown.map((b) => [`${b.dimension} ${b.name}`, String(b.weeks), formatPercent(b.meanAbsErrorRatio), formatPercent(b.interval80HitRatio), money(b.lastWeekForecastUsd), money(b.lastWeekActualUsd), formatPercent(b.lastWeekErrorRatio, true)]),
  });
  // Every week behind the per-namespace and per-service summary: CSV only (finance audits it).
  tables.push({
    id: 'accountability-breakdown-weeks', title: 'Per-namespace and per-service forecasts vs what happened, week by week',
    columns: ['week', 'dimension', 'name', 'series', 'forecast_made_at', `forecast_${cur}`, `lo80_${cur}`, `hi80_${cur}`, `actual_${cur}`, 'error_ratio', 'held_80_interval'],
    raw: acc.breakdownRows.map((a) => [a.week, a.dimension, a.name, a.series, iso(a.runAtMs), a.forecastUsd, a.lo80Usd, a.hi80Usd, a.actualUsd, a.errorRatio, a.heldInterval80]),
    display: [],
  });
  tables.push({
    id: 'accountability-capacity', title: 'Capacity forecasts vs what was requested (mean daily peak of requests)',
    columns: ['week', 'scope', 'name', 'resource', 'unit', 'series', 'forecast_made_at', 'forecast', 'lo80', 'hi80', 'actual', 'error_ratio', 'held_80_interval'],
    raw: acc.capacityRows.map((c) => [c.week, c.scope, c.name, c.resource, c.unit, c.series, iso(c.runAtMs), c.forecast, c.lo80, c.hi80, c.actual, c.errorRatio, c.heldInterval80]),
    displayHeader: ['week', 'requests of', 'forecast made', 'forecast', '80% interval', 'actual', 'error', 'held'],
    display: acc.capacityRows.map((c) => [c.week, `${c.scope} ${c.name} ${c.resource}`, formatDate(c.runAtMs), formatQuantity(c.forecast, c.unit),
      c.lo80 === null || c.hi80 === null ? '—' : `${formatQuantity(c.lo80, c.unit)} – ${formatQuantity(c.hi80, c.unit)}`, formatQuantity(c.actual, c.unit), formatPercent(c.errorRatio, true), c.heldInterval80 === null ? '—' : c.heldInterval80 ? 'yes' : 'no']),
  });
  return tables;
}

/** Page headers of a table: its own display header, or the CSV columns. */
export function displayColumns(t: ReportTable): string[] {
  return t.displayHeader ?? t.columns;
}

/** RFC 4180 CSV: header row, quoted where needed, raw numbers. */
export function renderCsv(t: ReportTable): string {
  const cell = (v: string | number | boolean | null) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [t.columns.join(','), ...t.raw.map((row) => row.map(cell).join(','))].join('\n') + '\n';
}
