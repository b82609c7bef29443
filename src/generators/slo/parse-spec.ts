/**
 * SLO spec parsing, in sloth's two steps: raw text → versioned API type (`prometheus/v1` or the
 * `PrometheusServiceLevel` CRD) → `SloDefinition`. Every problem is reported with its file and
 * path; nothing stops at the first one.
 */
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { parsePromql } from '../lint/parse-promql.js';
import { slothCrdV1Schema, slothPrometheusV1Schema, type SloAlertTier, type SloDefinition, type SloSli } from './spec-types.js';

export interface SloParseResult {
  slos: SloDefinition[];
  /** `file: path: message`, one per problem. */
  problems: string[];
}

const windowPlaceholder = /\{\{\s*\.window\s*\}\}/;

function formatIssues(file: string, prefix: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${file}: ${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)'}: ${i.message}`);
}

interface RawSlo {
  name: string;
  objective: number;
  description: string;
  labels: Record<string, string>;
  sli: SloSli | undefined;
  sliCount: number;
  alerting: { name?: string; labels: Record<string, string>; annotations: Record<string, string>; page: SloAlertTier; ticket: SloAlertTier };
}

function toSli(events: { errorQuery: string; totalQuery: string } | undefined, raw: { errorRatioQuery: string } | undefined, latency: { metric: string; selector: string; threshold: number } | undefined): { sli: SloSli | undefined; count: number } {
  const count = [events, raw, latency].filter(Boolean).length;
  if (events) return { sli: { kind: 'events', ...events }, count };
  if (raw) return { sli: { kind: 'raw', ...raw }, count };
  if (latency) return { sli: { kind: 'latency', metric: latency.metric, selector: latency.selector, thresholdSeconds: latency.threshold }, count };
  return { sli: undefined, count };
}

/** Step 2: versioned type → domain, with the semantic checks sloth does plus PromQL syntax. */
function validateSlo(file: string, path: string, service: string, serviceLabels: Record<string, string>, slo: RawSlo, specVersion: string, sourceName: string, problems: string[]): SloDefinition | undefined {
  const before = problems.length;
  if (!(slo.objective > 0 && slo.objective < 100)) problems.push(`${file}: ${path}.objective: expected a percentage between 0 and 100 (exclusive), got ${slo.objective}`);
  if (slo.sliCount !== 1) problems.push(`${file}: ${path}.sli: expected exactly one of events, raw or latency, got ${slo.sliCount}`);
  const sli = slo.sli;
  const checkQuery = (field: string, q: string) => {
    if (!windowPlaceholder.test(q)) problems.push(`${file}: ${path}.sli.${field}: the query must contain the {{.window}} placeholder`);
    const errors = parsePromql(q.replace(new RegExp(windowPlaceholder, 'g'), '5m'));
    for (const e of errors) problems.push(`${file}: ${path}.sli.${field}: PromQL syntax error at position ${e.position} (with {{.window}} as 5m): ${e.message}`);
  };
  if (sli?.kind === 'events') {
    const v1 = specVersion === 'prometheus/v1';
    checkQuery(v1 ? 'events.error_query' : 'events.errorQuery', sli.errorQuery);
    checkQuery(v1 ? 'events.total_query' : 'events.totalQuery', sli.totalQuery);
  } else if (sli?.kind === 'raw') {
    checkQuery(specVersion === 'prometheus/v1' ? 'raw.error_ratio_query' : 'raw.errorRatioQuery', sli.errorRatioQuery);
  } else if (sli?.kind === 'latency') {
    if (parsePromql(`${sli.metric}{${sli.selector}}`).length) problems.push(`${file}: ${path}.sli.latency: metric and selector do not form a valid selector: ${sli.metric}{${sli.selector}}`);
  }
  const alertsEnabled = !slo.alerting.page.disable || !slo.alerting.ticket.disable;
  if (alertsEnabled && !slo.alerting.name) problems.push(`${file}: ${path}.alerting.name: required unless both page and ticket alerts are disabled`);
  if (slo.alerting.name && !/^[A-Z][A-Za-z0-9]*$/.test(slo.alerting.name)) problems.push(`${file}: ${path}.alerting.name: expected a CamelCase alert name, got "${slo.alerting.name}"`);
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(slo.name)) problems.push(`${file}: ${path}.name: expected letters, digits, _, . or -, got "${slo.name}"`);
  if (problems.length > before || !sli) return undefined;
  return {
    id: `${service}-${slo.name}`,
    service,
    name: slo.name,
    objectivePercent: slo.objective,
    description: slo.description,
    labels: { ...serviceLabels, ...slo.labels },
    sli,
    alerting: { name: slo.alerting.name, labels: slo.alerting.labels, annotations: slo.alerting.annotations, page: slo.alerting.page, ticket: slo.alerting.ticket },
    specVersion,
    sourceName,
  };
}

/** Parses one spec file's text (one or more YAML documents). */
export function parseSloSpec(file: string, text: string, sourceName: string): SloParseResult {
  const problems: string[] = [];
  const slos: SloDefinition[] = [];
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, di) => {
    const docPrefix = list.length > 1 ? `document ${di + 1}: ` : '';
    if (doc.errors.length) {
      for (const e of doc.errors) problems.push(`${file}: ${docPrefix}line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`);
      return;
    }
    const raw = doc.toJS() as Record<string, unknown> | null;
    if (raw === null || raw === undefined) return;
    if (raw.version === 'prometheus/v1') {
      const r = slothPrometheusV1Schema.safeParse(raw);
      if (!r.success) return void problems.push(...formatIssues(file, docPrefix.trim(), r.error));
      r.data.slos.forEach((s, i) => {
        const { sli, count } = toSli(
          s.sli.events && { errorQuery: s.sli.events.error_query, totalQuery: s.sli.events.total_query },
          s.sli.raw && { errorRatioQuery: s.sli.raw.error_ratio_query },
          s.sli.latency as { metric: string; selector: string; threshold: number } | undefined,
        );
        const def = validateSlo(file, `${docPrefix}slos.${i}`, r.data.service, r.data.labels, { ...s, sli, sliCount: count, alerting: { ...s.alerting, page: s.alerting.page_alert, ticket: s.alerting.ticket_alert } }, 'prometheus/v1', sourceName, problems);
        if (def) slos.push(def);
      });
    } else if (raw.apiVersion === 'sloth.slok.dev/v1') {
      const r = slothCrdV1Schema.safeParse(raw);
      if (!r.success) return void problems.push(...formatIssues(file, docPrefix.trim(), r.error));
      r.data.spec.slos.forEach((s, i) => {
        const { sli, count } = toSli(s.sli.events, s.sli.raw, s.sli.latency as { metric: string; selector: string; threshold: number } | undefined);
        const def = validateSlo(file, `${docPrefix}spec.slos.${i}`, r.data.spec.service, r.data.spec.labels, { ...s, sli, sliCount: count, alerting: { ...s.alerting, page: s.alerting.pageAlert, ticket: s.alerting.ticketAlert } }, 'sloth.slok.dev/v1', sourceName, problems);
        if (def) slos.push(def);
      });
    } else {
      problems.push(`${file}: ${docPrefix}version: expected version "prometheus/v1" or apiVersion "sloth.slok.dev/v1" (kind PrometheusServiceLevel)`);
    }
  });
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
