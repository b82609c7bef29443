/**
 * Formatters for a commitment plan: pure functions in a registry (json, table, csv); the command
 * does the I/O. JSON is the whole plan; the CSV carries every figure the table shows (totals,
 * existing commitments counted, skipped families, unpriced types, Cost Explorer's own recommendations as rows of their own).
 */
import type { CommitmentPlan, CommitmentRecommendation } from '../domain/commitment.js';
import { formatMoney, formatPerHour } from '../domain/money.js';

export type CommitmentFormat = 'json' | 'table' | 'csv';

const csvColumns: (keyof CommitmentRecommendation)[] = ['kind', 'region', 'instanceFamily', 'instanceType', 'count', 'hourlyCommitmentUsd', 'upfrontUsd',
  'estimatedMonthlySavingsUsd', 'pessimisticMonthlySavingsUsd', 'lookbackMonthlySavingsUsd', 'breakEvenMonths', 'expectedUtilization', 'expectedCoverage', 'term', 'payment'];

/**
 * After the recommendation columns, what the table shows beyond the recommendations: `line` says
 * what a row is (recommendation, total, existing, not-recommended, unpriced, cost-explorer), the total row
 * carries the plan's totals, lookback and price source, the others their reason.
 */
const extraColumns = ['schedule', 'line', 'monthlyOnDemandUsd', 'lookbackHours', 'priceSource', 'reason'] as const;
type CsvRow = Partial<Record<(typeof csvColumns)[number] | (typeof extraColumns)[number], unknown>>;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const scheduleText = (r: CommitmentRecommendation) => (r.schedule ?? []).map((s) => `${s.date}:${s.count ?? s.hourlyCommitmentUsd}`).join(' ');

function formatJson(plan: CommitmentPlan): string {
  return JSON.stringify(plan, null, 2) + '\n';
}

function formatCsv(plan: CommitmentPlan): string {
  const rows: CsvRow[] = [
    ...plan.recommendations.map((r): CsvRow => ({ ...r, schedule: scheduleText(r), line: 'recommendation' })),
    {
      line: 'total', term: plan.term, payment: plan.payment, upfrontUsd: plan.totals.upfrontUsd, estimatedMonthlySavingsUsd: plan.totals.estimatedMonthlySavingsUsd,
      pessimisticMonthlySavingsUsd: plan.totals.pessimisticMonthlySavingsUsd, monthlyOnDemandUsd: plan.totals.monthlyOnDemandUsd, lookbackHours: plan.lookbackHours, priceSource: plan.priceSource,
    },
    ...plan.existing.map((e): CsvRow => ({
      line: 'existing', kind: e.kind, region: e.region, instanceType: e.instanceType, count: e.count, hourlyCommitmentUsd: e.hourlyCommitmentUsd,
      reason: Number.isFinite(e.expiresMs) ? `owned, expires ${new Date(e.expiresMs).toISOString().slice(0, 10)}` : 'owned, no expiry known',
    })),
    ...plan.notRecommended.map((n): CsvRow => ({ line: 'not-recommended', kind: n.kind, region: n.region, instanceFamily: n.instanceFamily, reason: n.reason })),
    ...plan.unpricedInstanceTypes.map((t): CsvRow => ({ line: 'unpriced', instanceType: t, reason: 'not priced (ignored)' })),
    ...(plan.providerRecommendations ?? []).map((p): CsvRow => ({
      line: 'cost-explorer', kind: p.kind, region: p.region, instanceType: p.instanceType, count: p.count, hourlyCommitmentUsd: p.hourlyCommitmentUsd, upfrontUsd: p.upfrontUsd,
      estimatedMonthlySavingsUsd: p.estimatedMonthlySavingsUsd, term: p.term, payment: p.payment, lookbackHours: p.lookbackDays * 24, reason: 'AWS Cost Explorer recommendation (lookback only, no forecast)',
    })),
  ];
  const columns = [...csvColumns, ...extraColumns];
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i >= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function formatTable(plan: CommitmentPlan): string {
  // Every amount is in the plan's currency (the price list's; Cost Explorer's are converted to it): "$1,234.00" or "€1,234.00", "$0.25/h" or "0.25 EUR/h".
  const money = (x: number) => formatMoney(x, plan.currency);
  const perHour = (x: number) => formatPerHour(String(x), plan.currency);
  const out: string[] = [];
  out.push(`Commitment plan — ${plan.term} ${plan.payment}, lookback ${plan.lookbackHours} h, prices: ${plan.priceSource}`);
  if (plan.termTrend) out.push(`Trend over the term: ${plan.termTrend.trend} — ${plan.termTrend.reason}`);
  if (plan.recommendations.length) {
    const rows = [['kind', 'region', 'buy', 'schedule', `commitment ${plan.currency === 'USD' ? '$' : plan.currency}/h`, 'upfront', 'savings/month', 'savings/month P10', 'break-even', 'utilisation', 'coverage']];
    for (const r of plan.recommendations) {
      rows.push([
        r.kind === 'reserved-instance' ? 'RI' : 'SP', r.region,
        r.kind === 'reserved-instance' ? `${r.count} × ${r.instanceType}` : `${perHour(r.hourlyCommitmentUsd)} (${r.instanceFamily})`,
        scheduleText(r),
        r.hourlyCommitmentUsd.toFixed(3), money(r.upfrontUsd), money(r.estimatedMonthlySavingsUsd), money(r.pessimisticMonthlySavingsUsd),
        r.breakEvenMonths === null ? 'never' : `${r.breakEvenMonths} mo`, `${(r.expectedUtilization * 100).toFixed(0)}%`, `${(r.expectedCoverage * 100).toFixed(0)}%`,
      ]);
    }
    out.push(pad(rows));
  } else {
    out.push('No commitment pays off.');
  }
  out.push(`Total: savings ${money(plan.totals.estimatedMonthlySavingsUsd)}/month expected, ${money(plan.totals.pessimisticMonthlySavingsUsd)}/month pessimistic (P10), upfront ${money(plan.totals.upfrontUsd)}, of ${money(plan.totals.monthlyOnDemandUsd)}/month on demand.`);
  if (plan.providerRecommendations?.length) {
    out.push('AWS Cost Explorer recommends (lookback only, no forecast):');
    for (const p of plan.providerRecommendations) {
      const ours = plan.recommendations.find((r) => r.kind === p.kind && (p.kind === 'savings-plan' || (r.region === p.region && r.instanceType === p.instanceType)));
      const what = p.kind === 'reserved-instance' ? `${p.count} × ${p.instanceType} in ${p.region}` : `${perHour(p.hourlyCommitmentUsd)} Savings Plan`;
      const mine = ours ? (ours.kind === 'reserved-instance' ? `${ours.count} × ${ours.instanceType}` : perHour(ours.hourlyCommitmentUsd)) : 'nothing';
      out.push(`  ${what}, saving ${money(p.estimatedMonthlySavingsUsd)}/month over ${p.lookbackDays} days — Headroom: ${mine}`);
    }
  }
  for (const s of plan.notRecommended) out.push(`  no ${s.kind} for ${s.instanceFamily} in ${s.region}: ${s.reason}`);
  if (plan.unpricedInstanceTypes.length) out.push(`  not priced (ignored): ${plan.unpricedInstanceTypes.join(', ')}`);
  return out.join('\n') + '\n';
}

export const commitmentFormatters: Record<CommitmentFormat, (plan: CommitmentPlan) => string> = {
  json: formatJson,
  table: formatTable,
  csv: formatCsv,
};
