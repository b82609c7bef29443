/**
 * OpenSLO as a third spec format, read into the same intermediate SLOs as sloth's formats:
 *
 * - `openslo/v1alpha` `SLO` (what sloth reads): every objective is one SLO named
 *   `<metadata.name>-<index>`, its SLI `1 - good / total`, alerts off (as sloth does).
 * - `openslo/v1` `SLO`, `SLI` and `AlertPolicy` (and `AlertCondition`) documents, referenced by
 *   name within the file (`indicatorRef`, `alertPolicyRef`, `conditionRef`) or inline. Ratio
 *   metrics (`good` or `bad` over `total`, or a `raw` ratio) and threshold metrics, each with a
 *   Prometheus `metricSource`. Alert policies turn the SLO's page tier on for conditions of
 *   severity page/critical/high and its ticket tier for ticket/warning/medium/low; the policy's
 *   name is the alert name.
 *
 * The time window is the SLO's period (its error budget and burn-rate factors): a rolling window of
 * at least the longest burn-rate window (3d), e.g. 28d, 30d or 4w. Calendar-aligned windows and
 * `Timeslices`/`RatioTimeslices` budgeting are rejected with a message naming the SLO: the
 * burn-rate alerts assume a rolling window and occurrence-based budgets.
 *
 * Threshold metrics have no events: their error ratio over a window is the share of the window's
 * evaluations in which the query broke the objective's `op`/`value`.
 */
import { z } from 'zod';
import { formatDurationSeconds } from '../format.js';
import { burnTiers } from './burn-rates.js';
import type { SloAlertTier } from './spec-types.js';

/** One SLO read from OpenSLO, before the common validation. */
export interface OpenSloObjective {
  path: string;
  service: string;
  name: string;
  objectivePercent: number;
  description: string;
  labels: Record<string, string>;
  sli: { events?: { errorQuery: string; totalQuery: string }; raw?: { errorRatioQuery: string; totalQuery?: string } };
  alerting: { name?: string; labels: Record<string, string>; annotations: Record<string, string>; page: SloAlertTier; ticket: SloAlertTier };
  specVersion: string;
  /** From the time window; undefined without one. */
  periodSeconds?: number;
}

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const metadata = z.object({ name: z.string().min(1), displayName: z.string().optional(), labels: z.record(z.string(), z.union([scalar, z.array(scalar)]).transform((v) => (Array.isArray(v) ? v.join(',') : v))).optional(), annotations: z.record(z.string(), scalar).optional() });

const v1alphaQuery = z.object({ source: z.string(), queryType: z.string(), query: z.string().min(1) });
export const openSloV1alphaSchema = z.object({
  apiVersion: z.literal('openslo/v1alpha'),
  kind: z.literal('SLO'),
  metadata,
  spec: z.object({
    service: z.string().min(1),
    description: z.string().default(''),
    budgetingMethod: z.string().optional(),
    objectives: z.array(z.object({ ratioMetrics: z.object({ good: v1alphaQuery, total: v1alphaQuery, incremental: z.boolean().optional() }), target: z.number(), displayName: z.string().optional(), value: z.number().optional() })).min(1),
    timeWindows: z.array(z.object({ count: z.number(), unit: z.string(), isRolling: z.boolean().optional() })).max(1, 'only one time window is supported').optional(),
  }),
});

const metricSource = z.object({ metricSource: z.object({ type: z.string(), spec: z.object({ query: z.string().min(1) }).loose() }) });
const sliSpec = z.object({
  description: z.string().optional(),
  thresholdMetric: metricSource.optional(),
  ratioMetric: z.object({
    counter: z.boolean().optional(),
    good: metricSource.optional(),
    bad: metricSource.optional(),
    total: metricSource.optional(),
    rawType: z.enum(['success', 'failure']).optional(),
    raw: metricSource.optional(),
  }).optional(),
});
const conditionSpec = z.object({ description: z.string().optional(), severity: z.string().default(''), condition: z.object({ kind: z.string(), op: z.string().optional(), threshold: z.number().optional(), lookbackWindow: z.string().optional(), alertAfter: z.string().optional() }).loose().optional() });
const alertPolicySpec = z.object({
  description: z.string().optional(),
  alertWhenNoData: z.boolean().optional(),
  alertWhenBreaching: z.boolean().optional(),
  alertWhenResolved: z.boolean().optional(),
  conditions: z.array(z.union([z.object({ conditionRef: z.string() }), z.object({ kind: z.literal('AlertCondition'), metadata, spec: conditionSpec })])).default([]),
  notificationTargets: z.array(z.unknown()).optional(),
});
const opSchema = z.enum(['lte', 'lt', 'gte', 'gt']);
export const openSloV1SloSchema = z.object({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('SLO'),
  metadata,
  spec: z.object({
    description: z.string().default(''),
    service: z.string().min(1),
    indicator: z.object({ metadata, spec: sliSpec }).optional(),
    indicatorRef: z.string().optional(),
    timeWindow: z.array(z.object({ duration: z.string(), isRolling: z.boolean().optional(), calendar: z.unknown().optional() })).max(1, 'only one time window is supported').optional(),
    budgetingMethod: z.string().optional(),
    objectives: z.array(z.object({ displayName: z.string().optional(), op: opSchema.optional(), value: z.number().optional(), target: z.number().optional(), targetPercent: z.number().optional(), timeSliceTarget: z.number().optional(), timeSliceWindow: z.string().optional() })).min(1),
    // `alertPolicies:` with nothing under it (OpenSLO's own examples) is no policy, as absent.
    alertPolicies: z.preprocess((v) => v ?? undefined, z.array(z.union([z.object({ alertPolicyRef: z.string() }), z.object({ kind: z.literal('AlertPolicy'), metadata, spec: alertPolicySpec })])).default([])),
  }),
});
const openSloV1SliSchema = z.object({ apiVersion: z.literal('openslo/v1'), kind: z.literal('SLI'), metadata, spec: sliSpec });
const openSloV1AlertPolicySchema = z.object({ apiVersion: z.literal('openslo/v1'), kind: z.literal('AlertPolicy'), metadata, spec: alertPolicySpec });
const openSloV1ConditionSchema = z.object({ apiVersion: z.literal('openslo/v1'), kind: z.literal('AlertCondition'), metadata, spec: conditionSpec });

const pageSeverities = new Set(['page', 'critical', 'high']);
const ticketSeverities = new Set(['ticket', 'warning', 'medium', 'low']);
/** The comparison that breaks an objective's `op` (a value above an `lte` bound breaks it). */
const breaks = { lte: '>', lt: '>=', gte: '<', gt: '<=' } as const;

function formatIssues(prefix: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)'}: ${i.message}`);
}

function readQuery(m: z.infer<typeof metricSource>, path: string, problems: string[]): string | undefined {
  if (m.metricSource.type.toLowerCase() !== 'prometheus') {
    problems.push(`${path}.metricSource.type: only Prometheus metric sources are supported, got "${m.metricSource.type}"`);
    return undefined;
  }
  return m.metricSource.spec.query.trim();
}

const goodToErrorRatio = (good: string, total: string) => `1 - (\n  (\n    ${good}\n  )\n  /\n  (\n    ${total}\n  )\n)`;

const longestWindowSeconds = Math.max(...burnTiers.map((t) => t.longWindowSeconds));
const rollingHint = `a rolling window (isRolling: true) of at least ${formatDurationSeconds(longestWindowSeconds)}, such as 28d or 30d`;
const durationUnits: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 604800 };

/** The period of a rolling window, or a problem naming the SLO and what is supported. */
function readPeriod(w: { seconds?: number; text: string; isRolling?: boolean; calendar?: unknown }, path: string, slo: string, problems: string[]): number | undefined {
  if (w.isRolling === false || w.calendar !== undefined) {
    problems.push(`${path}: SLO "${slo}": calendar-aligned time windows are not supported; use ${rollingHint}`);
    return undefined;
  }
  if (w.seconds === undefined || w.seconds < longestWindowSeconds) {
    problems.push(`${path}: SLO "${slo}": time window "${w.text}" is not supported; use ${rollingHint}`);
    return undefined;
  }
  return w.seconds;
}

/** `Occurrences` (the default) is what the burn-rate rules compute. */
function checkBudgetingMethod(method: string | undefined, path: string, slo: string, problems: string[]): void {
  if (method !== undefined && method !== 'Occurrences') problems.push(`${path}: SLO "${slo}": budgetingMethod "${method}" is not supported; only Occurrences (the default)`);
}

export interface OpenSloDocument { index: number; prefix: string; raw: Record<string, unknown> }

/** True for a document this module reads. */
export function isOpenSloDocument(raw: Record<string, unknown>): boolean {
  return typeof raw.apiVersion === 'string' && raw.apiVersion.startsWith('openslo/');
}

/** Reads every OpenSLO document of one file; SLOs reference SLIs and policies by name within it. */
export function readOpenSloDocuments(docs: OpenSloDocument[], problems: string[]): OpenSloObjective[] {
  const slis = new Map<string, z.infer<typeof sliSpec>>();
  const policies = new Map<string, { name: string; spec: z.infer<typeof alertPolicySpec>; labels: Record<string, string> }>();
  const conditions = new Map<string, z.infer<typeof conditionSpec>>();
  const out: OpenSloObjective[] = [];
  const slos: { doc: OpenSloDocument; slo: z.infer<typeof openSloV1SloSchema> }[] = [];
  for (const doc of docs) {
    const { raw, prefix } = doc;
    if (raw.apiVersion === 'openslo/v1alpha') {
      const r = openSloV1alphaSchema.safeParse(raw);
      if (!r.success) { problems.push(...formatIssues(prefix, r.error)); continue; }
      const s = r.data;
      checkBudgetingMethod(s.spec.budgetingMethod, `${prefix}spec.budgetingMethod`, s.metadata.name, problems);
      const tw = s.spec.timeWindows?.[0];
      let periodSeconds: number | undefined;
      if (tw && tw.unit.toLowerCase() !== 'day') problems.push(`${prefix}spec.timeWindows.0.unit: SLO "${s.metadata.name}": only Day time windows are supported, got "${tw.unit}"`);
      else if (tw) {
        periodSeconds = readPeriod({ seconds: tw.count * 86400, text: `${tw.count} ${tw.unit}`, isRolling: tw.isRolling }, `${prefix}spec.timeWindows.0`, s.metadata.name, problems);
        if (periodSeconds === undefined) continue;
      }
      s.spec.objectives.forEach((o, i) => {
        const path = `${prefix}spec.objectives.${i}`;
        for (const [k, q] of [['good', o.ratioMetrics.good], ['total', o.ratioMetrics.total]] as const) {
          if (!['prometheus', 'sloth'].includes(q.source)) problems.push(`${path}.ratioMetrics.${k}.source: expected prometheus, got "${q.source}"`);
          if (q.queryType !== 'promql') problems.push(`${path}.ratioMetrics.${k}.queryType: expected promql, got "${q.queryType}"`);
        }
        out.push({
          path,
          service: s.spec.service,
          name: `${s.metadata.name}-${i}`,
          objectivePercent: o.target * 100,
          description: s.spec.description,
          labels: {},
          sli: { raw: { errorRatioQuery: goodToErrorRatio(o.ratioMetrics.good.query.trim(), o.ratioMetrics.total.query.trim()), totalQuery: o.ratioMetrics.total.query.trim() } },
          alerting: { labels: {}, annotations: {}, page: { disable: true, labels: {}, annotations: {} }, ticket: { disable: true, labels: {}, annotations: {} } },
          specVersion: 'openslo/v1alpha',
          ...(periodSeconds === undefined ? {} : { periodSeconds }),
        });
      });
      continue;
    }
    const kind = raw.kind;
    if (kind === 'SLI') {
      const r = openSloV1SliSchema.safeParse(raw);
      if (r.success) slis.set(r.data.metadata.name, r.data.spec); else problems.push(...formatIssues(prefix, r.error));
    } else if (kind === 'AlertPolicy') {
      const r = openSloV1AlertPolicySchema.safeParse(raw);
      if (r.success) policies.set(r.data.metadata.name, { name: r.data.metadata.name, spec: r.data.spec, labels: r.data.metadata.labels ?? {} }); else problems.push(...formatIssues(prefix, r.error));
    } else if (kind === 'AlertCondition') {
      const r = openSloV1ConditionSchema.safeParse(raw);
      if (r.success) conditions.set(r.data.metadata.name, r.data.spec); else problems.push(...formatIssues(prefix, r.error));
    } else if (kind === 'SLO') {
      const r = openSloV1SloSchema.safeParse(raw);
      if (r.success) slos.push({ doc, slo: r.data }); else problems.push(...formatIssues(prefix, r.error));
    } else if (raw.apiVersion === 'openslo/v1') {
      // Service, DataSource and AlertNotificationTarget documents describe things Headroom does not generate.
      if (!['Service', 'DataSource', 'AlertNotificationTarget'].includes(String(kind))) problems.push(`${prefix}kind: expected SLO, SLI, AlertPolicy, AlertCondition, Service, DataSource or AlertNotificationTarget, got "${String(kind)}"`);
    } else {
      problems.push(`${prefix}apiVersion: expected openslo/v1 or openslo/v1alpha, got "${String(raw.apiVersion)}"`);
    }
  }
  for (const { doc, slo } of slos) {
    const p = doc.prefix;
    const sli = slo.spec.indicator?.spec ?? (slo.spec.indicatorRef ? slis.get(slo.spec.indicatorRef) : undefined);
    if (!sli) {
      problems.push(slo.spec.indicatorRef ? `${p}spec.indicatorRef: no SLI named "${slo.spec.indicatorRef}" in this file; known: ${[...slis.keys()].sort().join(', ') || 'none'}` : `${p}spec: expected indicator or indicatorRef`);
      continue;
    }
    checkBudgetingMethod(slo.spec.budgetingMethod, `${p}spec.budgetingMethod`, slo.metadata.name, problems);
    const tw = slo.spec.timeWindow?.[0];
    let periodSeconds: number | undefined;
    if (tw) {
      const m = /^(\d+)([mhdw])$/.exec(tw.duration);
      periodSeconds = readPeriod({ seconds: m ? Number(m[1]) * durationUnits[m[2]!]! : undefined, text: tw.duration, isRolling: tw.isRolling, calendar: tw.calendar }, `${p}spec.timeWindow.0`, slo.metadata.name, problems);
      if (periodSeconds === undefined) continue;
    }
    const alerting = readAlertPolicies(slo.spec.alertPolicies, policies, conditions, `${p}spec.alertPolicies`, problems);
    slo.spec.objectives.forEach((o, i) => {
      const path = `${p}spec.objectives.${i}`;
      const target = o.target ?? (o.targetPercent === undefined ? undefined : o.targetPercent / 100);
      if (target === undefined) { problems.push(`${path}: expected target (0..1) or targetPercent`); return; }
      const sliOut = readSli(sli, o, `${p}spec.indicator.spec`, path, problems);
      if (!sliOut) return;
      out.push({
        path,
        service: slo.spec.service,
        name: slo.spec.objectives.length > 1 ? `${slo.metadata.name}-${i}` : slo.metadata.name,
        objectivePercent: Number((target * 100).toPrecision(12)),
        description: slo.spec.description,
        labels: slo.metadata.labels ?? {},
        sli: sliOut,
        alerting,
        specVersion: 'openslo/v1',
        ...(periodSeconds === undefined ? {} : { periodSeconds }),
      });
    });
  }
  return out;
}

function readSli(sli: z.infer<typeof sliSpec>, objective: { op?: keyof typeof breaks; value?: number }, path: string, objectivePath: string, problems: string[]): OpenSloObjective['sli'] | undefined {
  const before = problems.length;
  if (sli.ratioMetric) {
    const m = sli.ratioMetric;
    const total = m.total && readQuery(m.total, `${path}.ratioMetric.total`, problems);
    if (m.raw) {
      const q = readQuery(m.raw, `${path}.ratioMetric.raw`, problems);
      if (!q) return undefined;
      return { raw: { errorRatioQuery: m.rawType === 'failure' ? q : `1 - (\n  ${q}\n)` } };
    }
    if (!total) { if (problems.length === before) problems.push(`${path}.ratioMetric.total: required with good or bad`); return undefined; }
    if (m.bad) {
      const bad = readQuery(m.bad, `${path}.ratioMetric.bad`, problems);
      return bad ? { events: { errorQuery: bad, totalQuery: total } } : undefined;
    }
    if (m.good) {
      const good = readQuery(m.good, `${path}.ratioMetric.good`, problems);
      return good ? { raw: { errorRatioQuery: goodToErrorRatio(good, total), totalQuery: total } } : undefined;
    }
    problems.push(`${path}.ratioMetric: expected good, bad or raw`);
    return undefined;
  }
  if (sli.thresholdMetric) {
    const q = readQuery(sli.thresholdMetric, `${path}.thresholdMetric`, problems);
    if (!q) return undefined;
    if (!objective.op || objective.value === undefined) { problems.push(`${objectivePath}: a threshold metric needs op and value`); return undefined; }
    // Share of the window's evaluations in which the value broke the objective: a subquery at the
    // evaluation interval, which the rules record once per evaluation (hoist-subqueries.ts).
    return { raw: { errorRatioQuery: `avg_over_time(((\n  ${q.replace(/\{\{\s*\.window\s*\}\}/g, '5m')}\n) ${breaks[objective.op]} bool ${objective.value})[{{.window}}:])` } };
  }
  problems.push(`${path}: expected ratioMetric or thresholdMetric`);
  return undefined;
}

function readAlertPolicies(
  refs: z.infer<typeof openSloV1SloSchema>['spec']['alertPolicies'],
  policies: Map<string, { name: string; spec: z.infer<typeof alertPolicySpec>; labels: Record<string, string> }>,
  conditions: Map<string, z.infer<typeof conditionSpec>>,
  path: string,
  problems: string[],
): OpenSloObjective['alerting'] {
  const off = (): SloAlertTier => ({ disable: true, labels: {}, annotations: {} });
  const alerting: OpenSloObjective['alerting'] = { labels: {}, annotations: {}, page: off(), ticket: off() };
  refs.forEach((ref, i) => {
    const policy = 'alertPolicyRef' in ref ? policies.get(ref.alertPolicyRef) : { name: ref.metadata.name, spec: ref.spec, labels: ref.metadata.labels ?? {} };
    if (!policy) { problems.push(`${path}.${i}.alertPolicyRef: no AlertPolicy named "${(ref as { alertPolicyRef: string }).alertPolicyRef}" in this file`); return; }
    alerting.name ??= policy.name;
    Object.assign(alerting.labels, policy.labels);
    if (policy.spec.description) alerting.annotations.description ??= policy.spec.description;
    const severities = policy.spec.conditions.map((c, j) => {
      const spec = 'conditionRef' in c ? conditions.get(c.conditionRef) : c.spec;
      if (!spec) problems.push(`${path}.${i}.conditions.${j}.conditionRef: no AlertCondition named "${(c as { conditionRef: string }).conditionRef}" in this file`);
      return spec?.severity.toLowerCase() ?? '';
    });
    const page = severities.some((s) => pageSeverities.has(s));
    const ticket = severities.some((s) => ticketSeverities.has(s));
    // A policy without a recognised severity gets both tiers.
    if (page || !ticket) alerting.page.disable = false;
    if (ticket || !page) alerting.ticket.disable = false;
  });
  return alerting;
}
