/**
 * promtool scenarios for an SLO's burn alerts, at burn rates either side of each threshold:
 *
 * - 20× the budget: the page alert fires within an hour (1h/5m pair);
 * - 6.5×: the page alert fires through the 6h/30m pair (just above the 6× edge), and
 *   5.5×: no page within six hours, but a ticket (just below the edge);
 * - 0.5× for three days: nothing fires;
 * - 20× below the SLO's minimum traffic: the guard keeps it silent (when the SLO has a guard).
 *
 * Input series are synthesised from the SLI's own selectors: counters for rate-based SLIs, and
 * gauges above and below the comparison for SLIs that count gauges by a threshold (sloth's
 * home-wifi shape). SLIs that cannot be satisfied by simple series (several selectors in one
 * query, raw ratios) get no scenario, and `reason` says why; a scenario whose burn the gauges
 * cannot reproduce exactly is left out and named in `reason`.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { sloConventions as S } from '../../domain/conventions.js';
import { formatNumber, roundNumber } from '../format.js';
import { formatSeries } from '../rules/render.js';
import type { PromtoolTestGroup, TestSeries } from '../rules/types.js';
import type { MonitoringSettings } from '../settings.js';
import { buildSloGroups, buildSloIdLabels, computeErrorBudget, resolveMinEventsPerSecond } from './build-rules.js';
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

/** Builds input series that give an SLI a chosen error ratio at a chosen traffic. */
type SeriesSynth = (errorRatio: number, perMinute: number, steps: number) => TestSeries[] | { reason: string };

const counter = (metric: string, labels: Record<string, string>, inc: number, steps: number): TestSeries => ({ metric, labels, values: `0+${formatNumber(inc)}x${steps}` });

/** A gauge counted by a comparison in the error query only: `count(metric < 0.75)` of `count(metric)`. */
function findGaugeComparison(errorQuery: string, totalQuery: string): { metric: string; op: string; threshold: number } | undefined {
  const m = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{[^}]*\})?\s*(<=|>=|<|>)\s*(-?[0-9.]+(?:e-?\d+)?)/.exec(errorQuery);
  if (!m || !new RegExp(`\\b${m[1]}\\b`).test(totalQuery) || /(<=|>=|<|>)\s*-?[0-9]/.test(totalQuery)) return undefined;
  return { metric: m[1]!, op: m[2]!, threshold: Number(m[3]) };
}

/** Gauges for the comparison shape: `units` series, `errorRatio` of them on the failing side. */
function gaugeSynth(g: { metric: string; op: string; threshold: number }, units: number): SeriesSynth {
  const below = g.threshold > 0 ? g.threshold / 2 : g.threshold - 1;
  const above = g.threshold < 1 ? g.threshold + (1 - g.threshold) / 2 : g.threshold * 2 + 1;
  const [bad, good] = g.op.startsWith('<') ? [below, above] : [above, below];
  return (errorRatio, _perMinute, steps) => {
    const badCount = errorRatio * units;
    if (Math.abs(badCount - Math.round(badCount)) > 1e-9) return { reason: `${units} gauge series cannot give an error ratio of ${formatNumber(errorRatio)}` };
    return Array.from({ length: units }, (_, i) => ({ metric: g.metric, labels: { instance: `client-${String(i).padStart(3, '0')}` }, values: `${formatNumber(roundNumber(i < Math.round(badCount) ? bad : good))}+0x${steps}` }));
  };
}

/** The synthesiser for an SLO's SLI, or why there is none. */
function chooseSynth(slo: SloDefinition): SeriesSynth | { reason: string } {
  if (slo.sli.kind === 'raw') return { reason: 'raw error-ratio SLIs have no selectors to synthesise input from' };
  if (slo.rules.denominatorCorrected) return { reason: 'denominator-corrected SLIs weigh a window by its share of the whole period\'s traffic, which a scenario of hours cannot reproduce' };
  if (slo.sli.kind === 'latency') {
    const base = buildLabels(parseSelectors(`x{${slo.sli.selector}}`)[0]?.matchers ?? []);
    if (!base) return { reason: 'latency selector cannot be satisfied by a simple series' };
    const bucket = `${slo.sli.metric}_bucket`;
    const le = formatNumber(slo.sli.thresholdSeconds);
    return (errorRatio, perMinute, steps) => [counter(bucket, { ...base, le: '+Inf' }, perMinute, steps), counter(bucket, { ...base, le }, roundNumber(perMinute * (1 - errorRatio)), steps)];
  }
  const gauge = findGaugeComparison(slo.sli.errorQuery, slo.sli.totalQuery);
  // promtool evaluates subqueries without a resolution (`[3d:]`) at a step so fine that the 3d
  // window exceeds its sample limit: the scenario would report an engine error, not the SLO.
  if (gauge && /\[[^\]]*:\s*\]/.test(`${slo.sli.errorQuery}${slo.sli.totalQuery}`)) return { reason: 'the SLI uses subqueries without a resolution ([window:]), which promtool cannot evaluate over 3 days within its sample limit' };
  if (gauge) {
    // Enough series that the ratios are whole counts: 2 ÷ budget (40 for 95%), at most 40 (promtool's
    // sample limit bounds the 3d subqueries over them).
    return gaugeSynth(gauge, Math.min(40, Math.ceil(2 / computeErrorBudget(slo))));
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
    if (formatSeries({ metric: es.metric, labels: errorLabels, values: '' }) === formatSeries({ metric: ts.metric, labels: goodLabels, values: '' })) return { reason: 'the error query selects the same series as the total query' };
    return (errorRatio, perMinute, steps) => {
      const errors = roundNumber(perMinute * errorRatio);
      return [counter(es.metric, errorLabels, errors, steps), counter(ts.metric, goodLabels, roundNumber(perMinute - errors), steps)];
    };
  }
  const errorLabels = buildLabels(es.matchers);
  const totalLabels = buildLabels(ts.matchers);
  if (!errorLabels || !totalLabels) return { reason: 'selectors cannot be satisfied by simple series' };
  return (errorRatio, perMinute, steps) => [counter(es.metric, errorLabels, roundNumber(perMinute * errorRatio), steps), counter(ts.metric, totalLabels, perMinute, steps)];
}

function formatAlertsSelector(labels: Record<string, string>): string {
  return formatSeries({ metric: 'ALERTS', labels, values: '' });
}

export interface SloScenarios {
  tests: PromtoolTestGroup[];
  /** Why no scenario (or not every scenario) was generated. */
  reason?: string;
}

/** The burn scenarios of one SLO's alerts. */
export function buildSloScenarios(slo: SloDefinition, s: MonitoringSettings): SloScenarios {
  if (slo.alerting.page.disable || !slo.alerting.name || !slo.rules.generate.alerts) return { tests: [], reason: 'the page alert is disabled' };
  const synth = chooseSynth(slo);
  if (typeof synth !== 'function') return { tests: [], reason: synth.reason };
  const budget = computeErrorBudget(slo);
  const minEventsPerSecond = resolveMinEventsPerSecond(slo, s);
  const perMinute = Math.max(100, Math.ceil(minEventsPerSecond * 60 * 10));
  const alertRules = buildSloGroups(slo, s).flatMap((g) => g.rules).filter((r) => r.kind === 'alert');
  const expected = (severity: 'page' | 'ticket') => {
    const rule = alertRules.find((r) => r.labels[S.labelSeverity] === severity);
    return rule && formatAlertsSelector({ alertname: rule.alert, alertstate: 'firing', ...slo.labels, ...buildSloIdLabels(slo), ...rule.labels });
  };
  const idSel = { alertname: slo.alerting.name, [S.labelId]: slo.id };
  const firing = (severity: string) => formatAlertsSelector({ ...idSel, alertstate: 'firing', [S.labelSeverity]: severity });
  const series = (list: TestSeries[]) => list.map((x) => ({ series: formatSeries(x), values: x.values }));
  const tests: PromtoolTestGroup[] = [];
  const skipped: string[] = [];
  const scenario = (name: string, burn: number, steps: number, checks: (NonNullable<PromtoolTestGroup['promql_expr_test']>), rate = perMinute) => {
    const input = synth(Math.min(1, roundNumber(burn * budget)), rate, steps);
    if (!Array.isArray(input)) return void skipped.push(`${formatNumber(burn)}x: ${input.reason}`);
    tests.push({ name, interval: '1m', input_series: series(input), promql_expr_test: checks });
  };
  const page = expected('page')!;
  scenario(`${slo.id} pages within an hour at a 20x error-budget burn`, 20, 70, [{ expr: firing('page'), eval_time: '1h', exp_samples: [{ labels: page, value: 1 }] }]);
  scenario(`${slo.id} pages through the 6h/30m pair at a 6.5x burn, just above its 6x threshold`, 6.5, 70, [{ expr: firing('page'), eval_time: '1h', exp_samples: [{ labels: page, value: 1 }] }]);
  const ticket = expected('ticket');
  scenario(`${slo.id} does not page at a 5.5x burn, just below the 6x threshold${ticket ? ', but opens a ticket' : ''}`, 5.5, 6 * 60 + 10, [
    ...['1h', '3h', '6h'].map((t) => ({ expr: firing('page'), eval_time: t, exp_samples: [] })),
    ...(ticket ? [{ expr: firing('ticket'), eval_time: '1h', exp_samples: [{ labels: ticket, value: 1 }] }] : []),
  ]);
  scenario(`${slo.id} stays silent for three days at a 0.5x error-budget burn`, 0.5, 3 * 24 * 60 + 10, ['1h', '1d', '2d', '3d'].map((t) => ({ expr: formatAlertsSelector(idSel), eval_time: t, exp_samples: [] })));
  if (minEventsPerSecond > 0) {
    scenario(`${slo.id} does not page at a 20x burn when traffic is below the minimum of ${formatNumber(minEventsPerSecond)} req/s`, 20, 70, [{ expr: formatAlertsSelector(idSel), eval_time: '1h', exp_samples: [] }], roundNumber(minEventsPerSecond * 60 * 0.5));
  }
  if (!tests.length) return { tests, reason: skipped.join('; ') };
  return skipped.length ? { tests, reason: `scenarios left out: ${skipped.join('; ')}` } : { tests };
}
