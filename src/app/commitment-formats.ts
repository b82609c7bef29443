/** Formatters for a commitment plan: pure functions in a registry (json, table, csv); the command does the I/O. */
import type { CommitmentPlan, CommitmentRecommendation } from '../domain/commitment.js';

export type CommitmentFormat = 'json' | 'table' | 'csv';

const csvColumns: (keyof CommitmentRecommendation)[] = ['kind', 'region', 'instanceFamily', 'instanceType', 'count', 'hourlyCommitmentUsd', 'upfrontUsd',
  'estimatedMonthlySavingsUsd', 'pessimisticMonthlySavingsUsd', 'lookbackMonthlySavingsUsd', 'breakEvenMonths', 'expectedUtilization', 'expectedCoverage', 'term', 'payment'];

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatJson(plan: CommitmentPlan): string {
  return JSON.stringify(plan, null, 2) + '\n';
}

function formatCsv(plan: CommitmentPlan): string {
  const lines = [[...csvColumns, 'schedule'].join(',')];
  for (const r of plan.recommendations) {
    const schedule = (r.schedule ?? []).map((s) => `${s.date}:${s.count ?? s.hourlyCommitmentUsd}`).join(' ');
    lines.push([...csvColumns.map((c) => csvCell(r[c])), csvCell(schedule)].join(','));
  }
  return lines.join('\n') + '\n';
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i >= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

const usd = (x: number) => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function formatTable(plan: CommitmentPlan): string {
  const out: string[] = [];
  out.push(`Commitment plan — ${plan.term} ${plan.payment}, lookback ${plan.lookbackHours} h, prices: ${plan.priceSource}`);
  if (plan.termTrend) out.push(`Trend over the term: ${plan.termTrend.trend} — ${plan.termTrend.reason}`);
  if (plan.recommendations.length) {
    const rows = [['kind', 'region', 'buy', 'schedule', '$/h', 'upfront', 'saves/mo', 'P10/mo', 'break-even', 'util', 'cover']];
    for (const r of plan.recommendations) {
      rows.push([
        r.kind === 'reserved-instance' ? 'RI' : 'SP', r.region,
        r.kind === 'reserved-instance' ? `${r.count} × ${r.instanceType}` : `$${r.hourlyCommitmentUsd}/h (${r.instanceFamily})`,
        (r.schedule ?? []).map((s) => `${s.date}:${s.count ?? s.hourlyCommitmentUsd}`).join(' '),
        r.hourlyCommitmentUsd.toFixed(3), usd(r.upfrontUsd), usd(r.estimatedMonthlySavingsUsd), usd(r.pessimisticMonthlySavingsUsd),
        r.breakEvenMonths === null ? 'never' : `${r.breakEvenMonths} mo`, `${(r.expectedUtilization * 100).toFixed(0)}%`, `${(r.expectedCoverage * 100).toFixed(0)}%`,
      ]);
    }
    out.push(pad(rows));
  } else {
    out.push('No commitment pays off.');
  }
  out.push(`Total: saves ${usd(plan.totals.estimatedMonthlySavingsUsd)}/month expected, ${usd(plan.totals.pessimisticMonthlySavingsUsd)}/month pessimistic (P10), upfront ${usd(plan.totals.upfrontUsd)}, of ${usd(plan.totals.monthlyOnDemandUsd)}/month on demand.`);
  if (plan.providerRecommendations?.length) {
    out.push('AWS Cost Explorer recommends (lookback only, no forecast):');
    for (const p of plan.providerRecommendations) {
      const ours = plan.recommendations.find((r) => r.kind === p.kind && (p.kind === 'savings-plan' || (r.region === p.region && r.instanceType === p.instanceType)));
      const what = p.kind === 'reserved-instance' ? `${p.count} × ${p.instanceType} in ${p.region}` : `$${p.hourlyCommitmentUsd}/h Savings Plan`;
      const mine = ours ? (ours.kind === 'reserved-instance' ? `${ours.count} × ${ours.instanceType}` : `$${ours.hourlyCommitmentUsd}/h`) : 'nothing';
      out.push(`  ${what}, saving ${usd(p.estimatedMonthlySavingsUsd)}/month over ${p.lookbackDays} days — Headroom: ${mine}`);
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
