/**
 * SLO spec parsing, in sloth's two steps: raw text → versioned API type (`prometheus/v1`, the
 * `PrometheusServiceLevel` CRD, or OpenSLO) → `SloDefinition`. A file may hold several YAML
 * documents of any of these formats. Every problem is reported with its file and path; nothing
 * stops at the first one.
 */
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { parsePromql } from '../lint/parse-promql.js';
import { isOpenSloDocument, readOpenSloDocuments, type OpenSloDocument } from './openslo.js';
import { findSliPlugin, listSliPluginIds } from './sli-plugins.js';
import { resolveSloPlugins } from './slo-plugins.js';
import { slothCrdV1Schema, slothPrometheusV1Schema, type SloAlertTier, type SloDefinition, type SloPluginChain, type SloSli } from './spec-types.js';

export interface SloParseResult {
  slos: SloDefinition[];
  /** `file: path: message`, one per problem. */
  problems: string[];
}

const windowPlaceholder = /\{\{\s*\.window\s*\}\}/;

function formatIssues(file: string, prefix: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${file}: ${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)'}: ${i.message}`);
}

/** One SLO as written, whichever format, before the common checks. */
interface SloInput {
  path: string;
  service: string;
  serviceLabels: Record<string, string>;
  name: string;
  objective: number;
  description: string;
  labels: Record<string, string>;
  sli: {
    events?: { errorQuery: string; totalQuery: string };
    raw?: { errorRatioQuery: string; totalQuery?: string };
    plugin?: { id: string; options: Record<string, string> };
    latency?: { metric: string; selector: string; threshold: number };
  };
  alerting: { name?: string; labels: Record<string, string>; annotations: Record<string, string>; page: SloAlertTier; ticket: SloAlertTier };
  specVersion: string;
  periodSeconds?: number;
  plugins: { path: string; chain: SloPluginChain | undefined }[];
  /** Field names as the format spells them, for messages. */
  fields: { errorQuery: string; totalQuery: string; errorRatioQuery: string };
  k8s?: SloDefinition['k8s'];
}

const snakeFields = { errorQuery: 'events.error_query', totalQuery: 'events.total_query', errorRatioQuery: 'raw.error_ratio_query' };
const camelFields = { errorQuery: 'events.errorQuery', totalQuery: 'events.totalQuery', errorRatioQuery: 'raw.errorRatioQuery' };

/** Step 2: versioned type → domain, with the semantic checks sloth does plus PromQL syntax. */
function validateSlo(file: string, slo: SloInput, sourceName: string, problems: string[]): SloDefinition | undefined {
  const before = problems.length;
  const at = (field: string, message: string) => problems.push(`${file}: ${slo.path}.${field}: ${message}`);
  const plugins = resolveSloPlugins(slo.plugins);
  for (const p of plugins.problems) problems.push(`${file}: ${p}`);
  const labels = { ...slo.serviceLabels, ...slo.labels };
  if (!(slo.objective > 0 && slo.objective < 100)) at('objective', `expected a percentage between 0 and 100 (exclusive), got ${slo.objective}`);
  const given = (['events', 'raw', 'plugin', 'latency'] as const).filter((k) => slo.sli[k]);
  if (given.length !== 1) at('sli', `expected exactly one of events, raw, plugin or latency, got ${given.length}`);
  let sli: SloSli | undefined;
  if (slo.sli.events) sli = { kind: 'events', ...slo.sli.events };
  else if (slo.sli.raw) sli = { kind: 'raw', ...slo.sli.raw };
  else if (slo.sli.latency) sli = { kind: 'latency', metric: slo.sli.latency.metric, selector: slo.sli.latency.selector, thresholdSeconds: slo.sli.latency.threshold };
  else if (slo.sli.plugin) {
    const plugin = findSliPlugin(slo.sli.plugin.id);
    if (!plugin) at('sli.plugin.id', `unknown SLI plugin "${slo.sli.plugin.id}"; known: ${listSliPluginIds().join(', ')}`);
    else {
      const built = plugin.build({ labels, options: slo.sli.plugin.options });
      if ('error' in built) at('sli.plugin', `${plugin.id}: ${built.error}`);
      else sli = built;
    }
  }
  if (sli?.kind === 'raw' && plugins.totalQuery) sli = { ...sli, totalQuery: plugins.totalQuery };
  const checkQuery = (field: string, q: string) => {
    if (!windowPlaceholder.test(q)) at(field, 'the query must contain the {{.window}} placeholder');
    // MetricsQL (validate_victoria_metrics) is generated as written; sloth does not PromQL-check it either.
    if (plugins.options.dialect === 'metricsql') return;
    for (const e of parsePromql(q.replace(new RegExp(windowPlaceholder, 'g'), '5m'))) at(field, `PromQL syntax error at position ${e.position} (with {{.window}} as 5m): ${e.message}`);
  };
  if (sli?.kind === 'events') {
    checkQuery(`sli.${slo.fields.errorQuery}`, sli.errorQuery);
    checkQuery(`sli.${slo.fields.totalQuery}`, sli.totalQuery);
  } else if (sli?.kind === 'raw') {
    checkQuery(slo.sli.plugin ? 'sli.plugin' : `sli.${slo.fields.errorRatioQuery}`, sli.errorRatioQuery);
    if (sli.totalQuery) checkQuery(slo.sli.raw && plugins.totalQuery ? 'plugins (headroom.dev/min_traffic/v1 totalQuery)' : 'sli.plugin', sli.totalQuery);
  } else if (sli?.kind === 'latency') {
    if (parsePromql(`${sli.metric}{${sli.selector}}`).length) at('sli.latency', `metric and selector do not form a valid selector: ${sli.metric}{${sli.selector}}`);
  }
  if (plugins.options.denominatorCorrected && sli && sli.kind !== 'events') at('plugins', `sloth.dev/contrib/denominator_corrected_rules/v1 needs an events SLI (error and total queries), got ${sli.kind}`);
  const alertsEnabled = !slo.alerting.page.disable || !slo.alerting.ticket.disable;
  if (alertsEnabled && plugins.options.generate.alerts && !slo.alerting.name) at('alerting.name', 'required unless both page and ticket alerts are disabled');
  // Prometheus accepts any non-empty alert name (it is a label value); lint may suggest CamelCase.
  if (slo.alerting.name !== undefined && slo.alerting.name.trim() === '') at('alerting.name', 'must not be empty');
  const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
  for (const [field, record] of [['labels', slo.labels], ['alerting.labels', slo.alerting.labels], ['alerting.annotations', slo.alerting.annotations], ['alerting.page_alert.labels', slo.alerting.page.labels], ['alerting.ticket_alert.labels', slo.alerting.ticket.labels], ['alerting.page_alert.annotations', slo.alerting.page.annotations], ['alerting.ticket_alert.annotations', slo.alerting.ticket.annotations]] as const) {
    for (const k of Object.keys(record)) if (!labelName.test(k)) at(field, `"${k}" is not a valid Prometheus label name (letters, digits and _, not starting with a digit)`);
  }
  for (const k of Object.keys(slo.serviceLabels)) if (!labelName.test(k)) at('labels', `service label "${k}" is not a valid Prometheus label name (letters, digits and _, not starting with a digit)`);
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(slo.name)) at('name', `expected letters, digits, _, . or -, got "${slo.name}"`);
  if (problems.length > before || !sli) return undefined;
  const def: SloDefinition = {
    id: `${slo.service}-${slo.name}`,
    service: slo.service,
    name: slo.name,
    objectivePercent: slo.objective,
    description: slo.description,
    labels,
    sli,
    alerting: { name: slo.alerting.name, labels: slo.alerting.labels, annotations: slo.alerting.annotations, page: slo.alerting.page, ticket: slo.alerting.ticket },
    specVersion: slo.specVersion,
    sourceName,
    rules: plugins.options,
  };
  if (slo.k8s) def.k8s = slo.k8s;
  if (slo.periodSeconds !== undefined) def.periodSeconds = slo.periodSeconds;
  return def;
}

const enabledTier = (): SloAlertTier => ({ disable: false, labels: {}, annotations: {} });

/** Step 1 for sloth's two formats: the versioned type → intermediate SLOs. */
function readSlothDocument(file: string, raw: Record<string, unknown>, prefix: string, problems: string[]): SloInput[] | undefined {
  if (raw.version === 'prometheus/v1') {
    const r = slothPrometheusV1Schema.safeParse(raw);
    if (!r.success) return void problems.push(...formatIssues(file, prefix.trim(), r.error));
    const d = r.data;
    return d.slos.map((s, i) => ({
      path: `${prefix}slos.${i}`,
      service: d.service,
      serviceLabels: d.labels,
      name: s.name,
      objective: s.objective,
      description: s.description,
      labels: s.labels,
      sli: {
        events: s.sli.events && { errorQuery: s.sli.events.error_query, totalQuery: s.sli.events.total_query },
        raw: s.sli.raw && { errorRatioQuery: s.sli.raw.error_ratio_query },
        plugin: s.sli.plugin,
        latency: s.sli.latency,
      },
      alerting: { name: s.alerting.name, labels: s.alerting.labels, annotations: s.alerting.annotations, page: s.alerting.page_alert, ticket: s.alerting.ticket_alert },
      specVersion: 'prometheus/v1',
      plugins: [{ path: `${prefix}slo_plugins`, chain: d.slo_plugins }, { path: `${prefix}slos.${i}.plugins`, chain: s.plugins }],
      fields: snakeFields,
    }));
  }
  const r = slothCrdV1Schema.safeParse(raw);
  if (!r.success) return void problems.push(...formatIssues(file, prefix.trim(), r.error));
  const d = r.data;
  const k8s = { name: d.metadata.name, labels: d.metadata.labels ?? {}, annotations: d.metadata.annotations ?? {}, ...(d.metadata.namespace ? { namespace: d.metadata.namespace } : {}) };
  const merge = (a: SloAlertTier | undefined, b: SloAlertTier | undefined): SloAlertTier => ({
    disable: (a?.disable ?? false) || (b?.disable ?? false),
    labels: { ...b?.labels, ...a?.labels },
    annotations: { ...b?.annotations, ...a?.annotations },
  });
  return d.spec.slos.map((s, i) => ({
    path: `${prefix}spec.slos.${i}`,
    service: d.spec.service,
    serviceLabels: d.spec.labels,
    name: s.name,
    objective: s.objective,
    description: s.description,
    labels: s.labels,
    sli: { events: s.sli.events, raw: s.sli.raw, plugin: s.sli.plugin, latency: s.sli.latency },
    alerting: {
      name: s.alerting.name,
      labels: s.alerting.labels,
      annotations: s.alerting.annotations,
      page: s.alerting.pageAlert || s.alerting.page_alert ? merge(s.alerting.pageAlert, s.alerting.page_alert) : enabledTier(),
      ticket: s.alerting.ticketAlert || s.alerting.ticket_alert ? merge(s.alerting.ticketAlert, s.alerting.ticket_alert) : enabledTier(),
    },
    specVersion: 'sloth.slok.dev/v1',
    plugins: [{ path: `${prefix}spec.sloPlugins`, chain: d.spec.sloPlugins }, { path: `${prefix}spec.slos.${i}.plugins`, chain: s.plugins }],
    fields: camelFields,
    k8s,
  }));
}

/** True when a parsed YAML document is an SLO spec Headroom reads (for lint's file sniffing). */
export function isSloSpecDocument(raw: Record<string, unknown>): boolean {
  return raw.version === 'prometheus/v1' || raw.apiVersion === 'sloth.slok.dev/v1' || isOpenSloDocument(raw);
}

/** Parses one spec file's text (one or more YAML documents). */
export function parseSloSpec(file: string, text: string, sourceName: string): SloParseResult {
  const problems: string[] = [];
  const inputs: SloInput[] = [];
  const openSlo: OpenSloDocument[] = [];
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, di) => {
    const prefix = list.length > 1 ? `document ${di + 1}: ` : '';
    if (doc.errors.length) {
      for (const e of doc.errors) problems.push(`${file}: ${prefix}line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`);
      return;
    }
    const raw = doc.toJS() as Record<string, unknown> | null;
    if (raw === null || raw === undefined) return;
    if (raw.version === 'prometheus/v1' || raw.apiVersion === 'sloth.slok.dev/v1') inputs.push(...(readSlothDocument(file, raw, prefix, problems) ?? []));
    else if (isOpenSloDocument(raw)) openSlo.push({ index: di, prefix, raw });
    else problems.push(`${file}: ${prefix}version: expected version "prometheus/v1", apiVersion "sloth.slok.dev/v1" (kind PrometheusServiceLevel) or apiVersion "openslo/v1" / "openslo/v1alpha"`);
  });
  const openProblems: string[] = [];
  for (const o of readOpenSloDocuments(openSlo, openProblems)) {
    inputs.push({ ...o, serviceLabels: {}, objective: o.objectivePercent, plugins: [], fields: snakeFields });
  }
  problems.push(...openProblems.map((p) => `${file}: ${p}`));
  const slos = inputs.map((i) => validateSlo(file, i, sourceName, problems)).filter((s): s is SloDefinition => s !== undefined);
  return { slos, problems };
}

/** Reports SLO ids defined twice across all spec files. */
export function findDuplicateSlos(slos: SloDefinition[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const s of slos) {
    const prev = seen.get(s.id);
    if (prev) problems.push(`SLO ${s.id} is defined in both ${prev} and ${s.sourceName}; service and name must be unique`);
    else seen.set(s.id, s.sourceName);
  }
  return problems;
}
