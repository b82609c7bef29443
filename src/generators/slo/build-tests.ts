/**
 * promtool scenarios for an SLO's burn alerts, at burn rates either side of each threshold:
 *
 * - 20× the budget: the page alert fires within an hour (1h/5m pair);
 * - 6.5×: the page alert fires through the 6h/30m pair (just above the 6× edge), and
 *   5.5×: no page within six hours, but a ticket (just below the edge);
 * - 0.5× for three days: nothing fires;
 * - 20× below the SLO's minimum traffic: the guard keeps it silent (when the SLO has a guard).
 *
 * The burns are those of a 30d period; another period (an OpenSLO time window) scales them with
 * its factors (to three significant digits), so each stays on the same side of its threshold.
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
import { burnTiers, computeBurnFactor, resolveSloPeriod } from './burn-rates.js';
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

/**
 * Builds input series that give an SLI a chosen error ratio at a chosen traffic. `countsGauges`:
 * the SLI counts gauge samples, so its traffic is the number of series, not events per second.
 */
type SeriesSynth = ((errorRatio: number, perMinute: number, steps: number) => TestSeries[] | { reason: string }) & { countsGauges?: boolean };

const counter = (metric: string, labels: Record<string, string>, inc: number, steps: number): TestSeries => ({ metric, labels, values: `0+${formatNumber(inc)}x${steps}` });

/** A gauge counted by a comparison in the error query only: `count(metric < 0.75)` of `count(metric)`. */
function findGaugeComparison(errorQuery: string, totalQuery: string): { metric: string; op: string; threshold: number } | undefined {
  const m = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{[^}]*\})?\s*(<=|>=|<|>)\s*(-?[0-9.]+(?:e-?\d+)?)/.exec(errorQuery);
  if (!m || !new RegExp(`\\b${m[1]}\\b`).test(totalQuery) || /(<=|>=|<|>)\s*-?[0-9]/.test(totalQuery)) return undefined;
  return { metric: m[1]!, op: m[2]!, threshold: Number(m[3]) };
}

/**
 * Gauges for the comparison shape: the fewest series (at most `maxUnits`) of which a whole number
 * on the failing side gives the error ratio.
 */
function gaugeSynth(g: { metric: string; op: string; threshold: number }, maxUnits: number): SeriesSynth {
  const below = g.threshold > 0 ? g.threshold / 2 : g.threshold - 1;
  const above = g.threshold < 1 ? g.threshold + (1 - g.threshold) / 2 : g.threshold * 2 + 1;
  const [bad, good] = g.op.startsWith('<') ? [below, above] : [above, below];
  const whole = (x: number) => Math.abs(x - Math.round(x)) <= 1e-9;
  return (errorRatio, _perMinute, steps) => {
    const units = Array.from({ length: maxUnits }, (_, i) => i + 1).find((n) => whole(errorRatio * n));
    if (units === undefined) return { reason: `${maxUnits} gauge series cannot give an error ratio of ${formatNumber(errorRatio)}` };
    const badCount = errorRatio * units;
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
  if (gauge) {
    // At most 50 series (each a sample per minute of a three-day scenario): 40 give 95%'s burns,
    // 50 give 99.9%'s 20×. The window subqueries over them read recorded series
    // (hoist-subqueries.ts), so the windows' length costs nothing.
    return Object.assign(gaugeSynth(gauge, 50), { countsGauges: true });
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
  // The burns are set for a 30d period (factors 14.4, 6, 3, 1) and scale with the SLO's period.
  const { periodSeconds } = resolveSloPeriod(slo, s);
  const x = (burn: number) => Number(((burn * periodSeconds) / (30 * 86400)).toPrecision(3));
  const edge = formatNumber(computeBurnFactor(burnTiers[1]!, periodSeconds));
  scenario(`${slo.id} pages within an hour at a ${formatNumber(x(20))}x error-budget burn`, x(20), 70, [{ expr: firing('page'), eval_time: '1h', exp_samples: [{ labels: page, value: 1 }] }]);
  scenario(`${slo.id} pages through the 6h/30m pair at a ${formatNumber(x(6.5))}x burn, just above its ${edge}x threshold`, x(6.5), 70, [{ expr: firing('page'), eval_time: '1h', exp_samples: [{ labels: page, value: 1 }] }]);
  const ticket = expected('ticket');
  scenario(`${slo.id} does not page at a ${formatNumber(x(5.5))}x burn, just below the ${edge}x threshold${ticket ? ', but opens a ticket' : ''}`, x(5.5), 6 * 60 + 10, [
    ...['1h', '3h', '6h'].map((t) => ({ expr: firing('page'), eval_time: t, exp_samples: [] })),
    ...(ticket ? [{ expr: firing('ticket'), eval_time: '1h', exp_samples: [{ labels: ticket, value: 1 }] }] : []),
  ]);
  scenario(`${slo.id} stays silent for three days at a ${formatNumber(x(0.5))}x error-budget burn`, x(0.5), 3 * 24 * 60 + 10, ['1h', '1d', '2d', '3d'].map((t) => ({ expr: formatAlertsSelector(idSel), eval_time: t, exp_samples: [] })));
  // A gauge-counting SLI's total is a count of gauge samples (every present series counts once
  // per step), so it is below an events-per-second floor only when no series exists at all —
  // no scenario can burn the budget below the floor.
  if (minEventsPerSecond > 0 && synth.countsGauges) skipped.push(`low traffic: the SLI counts gauge samples, which stay above the ${formatNumber(minEventsPerSecond)}/s traffic floor while any series exists`);
  else if (minEventsPerSecond > 0) {
    scenario(`${slo.id} does not page at a ${formatNumber(x(20))}x burn when traffic is below the minimum of ${formatNumber(minEventsPerSecond)} req/s`, x(20), 70, [{ expr: formatAlertsSelector(idSel), eval_time: '1h', exp_samples: [] }], roundNumber(minEventsPerSecond * 60 * 0.5));
  }
  if (!tests.length) return { tests, reason: skipped.join('; ') };
  return skipped.length ? { tests, reason: `scenarios left out: ${skipped.join('; ')}` } : { tests };
}
