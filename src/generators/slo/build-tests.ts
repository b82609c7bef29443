/**
 * promtool scenarios for an SLO's burn alerts: input series that burn the error budget at 20×
 * (the page alert must be firing within an hour), at 0.5× for three days (nothing may fire), and
 * at 20× below the minimum traffic (the guard keeps it silent). Input series are synthesised from
 * the SLI's own selectors; SLIs whose selectors cannot be satisfied by a simple series (several
 * selectors in one query, raw ratios) get no scenario, and `reason` says why.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { sloConventions as S } from '../../domain/conventions.js';
import { formatNumber, roundNumber } from '../format.js';
import { formatSeries } from '../rules/render.js';
import type { PromtoolTestGroup, TestSeries } from '../rules/types.js';
import type { MonitoringSettings } from '../settings.js';
import { computeErrorBudget, buildSloIdLabels } from './build-rules.js';
import type { SloDefinition } from './spec-types.js';

interface Matcher { label: string; op: '=' | '!=' | '=~' | '!~'; value: string }
interface ParsedSelector { metric: string; matchers: Matcher[] }

function parseSelectors(query: string): ParsedSelector[] {
  const text = query.replace(/\{\{\s*\.window\s*\}\}/g, '5m');
  const out: ParsedSelector[] = [];
  parser.parse(text).iterate({
    enter: (n) => {
      if (n.type.name !== 'VectorSelector') return;
      const sel = text.slice(n.from, n.to);
      const brace = sel.indexOf('{');
      const metric = (brace < 0 ? sel : sel.slice(0, brace)).trim();
      const matchers: Matcher[] = [];
      for (const m of sel.slice(brace < 0 ? sel.length : brace).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
        matchers.push({ label: m[1]!, op: m[2] as Matcher['op'], value: m[3]!.replace(/\\(.)/g, '$1') });
      }
      const name = matchers.find((m) => m.label === '__name__' && m.op === '=');
      out.push({ metric: metric || name?.value || '', matchers: matchers.filter((m) => m.label !== '__name__') });
      return false;
    },
  });
  return out;
}

const candidates = ['500', '503', '429', '200', '0', 'x', 'ok', 'error', 'success', 'GET', 'POST', 'true', 'false'];

function satisfies(m: Matcher, value: string): boolean {
  const re = () => new RegExp(`^(?:${m.value})$`);
  switch (m.op) {
    case '=': return value === m.value;
    case '!=': return value !== m.value;
    case '=~': return re().test(value);
    default: return !re().test(value);
  }
}

/** A value for `label` that every matcher in `must` accepts and every one in `mustNot` rejects. */
function chooseValue(must: Matcher[], mustNot: Matcher[] = []): string | undefined {
  const simplified = must.filter((m) => m.op === '=~').map((m) => m.value.split('|')[0]!.replace(/[()^$]/g, '').replace(/\\d|\./g, '0').replace(/[*+?]/g, ''));
  const eq = must.filter((m) => m.op === '=').map((m) => m.value);
  for (const v of [...eq, ...simplified, '', ...candidates]) {
    if (must.every((m) => satisfies(m, v)) && mustNot.every((m) => !satisfies(m, v))) return v;
  }
  return undefined;
}

function buildLabels(matchers: Matcher[], avoid: Matcher[] = []): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  const names = [...new Set([...matchers, ...avoid].map((m) => m.label))].sort();
  for (const name of names) {
    const v = chooseValue(matchers.filter((m) => m.label === name), avoid.filter((m) => m.label === name));
    if (v === undefined) return undefined;
    if (v !== '') labels[name] = v;
  }
  return labels;
}

/** Counter series whose error and total rates give `errorRatio` at `perMinute` requests. */
function synthesiseSeries(slo: SloDefinition, errorRatio: number, perMinute: number, steps: number): TestSeries[] | { reason: string } {
  const counter = (metric: string, labels: Record<string, string>, inc: number): TestSeries => ({ metric, labels, values: `0+${formatNumber(inc)}x${steps}` });
  const errors = roundNumber(perMinute * errorRatio);
  const good = roundNumber(perMinute - errors);
  if (slo.sli.kind === 'raw') return { reason: 'raw error-ratio SLIs have no selectors to synthesise input from' };
  if (slo.sli.kind === 'latency') {
    const base = buildLabels(parseSelectors(`x{${slo.sli.selector}}`)[0]?.matchers ?? []);
    if (!base) return { reason: 'latency selector cannot be satisfied by a simple series' };
    const bucket = `${slo.sli.metric}_bucket`;
    return [counter(bucket, { ...base, le: '+Inf' }, perMinute), counter(bucket, { ...base, le: formatNumber(slo.sli.thresholdSeconds) }, good)];
  }
  const e = parseSelectors(slo.sli.errorQuery);
  const t = parseSelectors(slo.sli.totalQuery);
  if (e.length !== 1 || t.length !== 1) return { reason: 'error and total queries must each have exactly one selector for a generated scenario' };
  const es = e[0]!;
  const ts = t[0]!;
  if (es.metric === ts.metric) {
    const errorLabels = buildLabels([...es.matchers, ...ts.matchers]);
    const extra = es.matchers.filter((m) => !ts.matchers.some((x) => x.label === m.label && x.op === m.op && x.value === m.value));
    const goodLabels = buildLabels(ts.matchers, extra);
    if (!errorLabels || !goodLabels) return { reason: 'selectors cannot be satisfied by simple series' };
    return [counter(es.metric, errorLabels, errors), counter(ts.metric, goodLabels, good)];
  }
  const errorLabels = buildLabels(es.matchers);
  const totalLabels = buildLabels(ts.matchers);
  if (!errorLabels || !totalLabels) return { reason: 'selectors cannot be satisfied by simple series' };
  return [counter(es.metric, errorLabels, errors), counter(ts.metric, totalLabels, perMinute)];
}

function formatAlertsSelector(labels: Record<string, string>): string {
  return formatSeries({ metric: 'ALERTS', labels, values: '' });
}

export interface SloScenarios {
  tests: PromtoolTestGroup[];
  /** Why no scenario was generated, when none was. */
  reason?: string;
}

/** The burn scenarios of one SLO's page alert. */
export function buildSloScenarios(slo: SloDefinition, s: MonitoringSettings): SloScenarios {
  if (slo.alerting.page.disable || !slo.alerting.name) return { tests: [], reason: 'the page alert is disabled' };
  const budget = computeErrorBudget(slo);
  const perMinute = Math.max(100, Math.ceil(s.slo.minRequestsPerSecond * 60 * 10));
  const fast = synthesiseSeries(slo, Math.min(1, 20 * budget), perMinute, 70);
  if (!Array.isArray(fast)) return { tests: [], reason: fast.reason };
  const slow = synthesiseSeries(slo, 0.5 * budget, perMinute, 3 * 24 * 60 + 10) as TestSeries[];
  const series = (list: TestSeries[]) => list.map((x) => ({ series: formatSeries(x), values: x.values }));
  const alert = slo.alerting.name;
  const pageLabels = {
    alertname: alert,
    alertstate: 'firing',
    [S.labelBurnWindow]: '1h/5m',
    ...slo.labels,
    ...buildSloIdLabels(slo),
    severity: 'critical',
    ...slo.alerting.labels,
    ...slo.alerting.page.labels,
    [S.labelSeverity]: 'page',
  };
  const idSel = { alertname: alert, [S.labelId]: slo.id };
  const tests: PromtoolTestGroup[] = [
    {
      name: `${slo.id} pages within an hour at a 20x error-budget burn`,
      interval: '1m',
      input_series: series(fast),
      promql_expr_test: [{ expr: formatAlertsSelector({ ...idSel, alertstate: 'firing', [S.labelSeverity]: 'page' }), eval_time: '1h', exp_samples: [{ labels: formatAlertsSelector(pageLabels), value: 1 }] }],
    },
    {
      name: `${slo.id} stays silent for three days at a 0.5x error-budget burn`,
      interval: '1m',
      input_series: series(slow),
      promql_expr_test: ['1h', '1d', '2d', '3d'].map((t) => ({ expr: formatAlertsSelector(idSel), eval_time: t, exp_samples: [] })),
    },
  ];
  if (slo.sli.kind !== 'raw' && s.slo.minRequestsPerSecond > 0) {
    const quiet = synthesiseSeries(slo, Math.min(1, 20 * budget), roundNumber(s.slo.minRequestsPerSecond * 60 * 0.5), 70) as TestSeries[];
    tests.push({
      name: `${slo.id} does not page at a 20x burn when traffic is below the minimum of ${formatNumber(s.slo.minRequestsPerSecond)} req/s`,
      interval: '1m',
      input_series: series(quiet),
      promql_expr_test: [{ expr: formatAlertsSelector(idSel), eval_time: '1h', exp_samples: [] }],
    });
  }
  return { tests };
}
