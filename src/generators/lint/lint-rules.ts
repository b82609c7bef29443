/**
 * Lint of Prometheus rule groups (plain rule files, PrometheusRule CRDs, rules in ConfigMaps):
 * structure and fields as Prometheus' loader checks them, PromQL, and pint's rule semantics.
 */
import { checkGoTemplate } from './go-template-check.js';
import { lintExpression } from './lint-expression.js';
import { lintMessages as msg } from './messages.js';
import { keepsLabel, type PromqlFacts } from './promql-facts.js';
import { parsePrometheusDurationSeconds } from './prometheus-duration.js';
import { isObject } from './read-documents.js';
import type { LintCheck } from './checks.js';
import type { DataPath, SourceDoc } from './source-position.js';
import type { FilePosition, LintLevel } from './types.js';

const maxRulesPerGroup = 20;
const groupFields = ['name', 'interval', 'limit', 'rules', 'query_offset', 'labels', 'partial_response_strategy', 'source_tenants', 'evaluation_delay', 'align_evaluation_time_on_interval'];
const ruleFields = ['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'];
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const metricNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export interface RuleReport {
  (check: LintCheck, position: FilePosition | undefined, where: string, message: string, level?: LintLevel, ruleLine?: number): void;
}

export interface RuleSettings {
  severities: string[];
  scrapeIntervalSeconds: number;
  maxRangeSeconds: number;
  maxRangeSource: string;
  nameValidation: 'legacy' | 'utf8';
}

/** A rule seen in this run, for duplicate checks across files and for live checks. */
export interface SeenRule { kind: 'alert' | 'record'; name: string; labelsKey: string; file: string; position: FilePosition; where: string; facts: PromqlFacts | null; expr: string; exprPosition(offset: number): FilePosition }

// The rules seen so far by kind and name, per run: a rule's duplicate check looks at its namesakes only, not at every rule before it.
const seenByName = new WeakMap<SeenRule[], { indexed: number; byName: Map<string, SeenRule[]> }>();

function namesakes(seen: SeenRule[], kind: SeenRule['kind'], name: string): SeenRule[] {
  let index = seenByName.get(seen);
  if (!index) seenByName.set(seen, (index = { indexed: 0, byName: new Map() }));
  for (; index.indexed < seen.length; index.indexed++) {
    const s = seen[index.indexed]!;
    const key = `${s.kind} ${s.name}`;
    const list = index.byName.get(key);
    if (list) list.push(s);
    else index.byName.set(key, [s]);
  }
  return index.byName.get(`${kind} ${name}`) ?? [];
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

function suggest(field: string, known: string[]): string | null {
  const best = known.map((k) => ({ k, d: levenshtein(field.toLowerCase(), k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.k : null;
}

function isScalarValue(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Lints the groups at `groupsPath`; rules are added to `seen`. */
export function lintRuleGroups(file: string, src: SourceDoc, groupsPath: DataPath, unitWhere: string, settings: RuleSettings, report: RuleReport, seen: SeenRule[]): void {
  const at = (path: DataPath, offset?: number) => src.position(path, offset);
  const groups = groupsPath.reduce<unknown>((o, k) => (isObject(o) || Array.isArray(o) ? (o as Record<string | number, unknown>)[k] : undefined), src.data);
  const prefix = unitWhere ? `${unitWhere}, ` : '';
  if (groups === null || groups === undefined) return;
  if (!Array.isArray(groups)) {
    report('input/shape', at(groupsPath), unitWhere, msg.notList('groups', typeName(groups)));
    return;
  }
  const groupNames = new Set<string>();
  groups.forEach((g: unknown, gi) => {
    const gPath = [...groupsPath, gi];
    if (!isObject(g)) {
      report('input/shape', at(gPath), `${prefix}group ${gi + 1}`, g === null || g === undefined ? msg.nullEntry(`group ${gi + 1}`) : msg.notObject(`group ${gi + 1}`, typeName(g)));
      return;
    }
    const gName = typeof g.name === 'string' ? g.name : '';
    const where = `${prefix}${gName ? `group "${gName}"` : `group ${gi + 1}`}`;
    for (const k of Object.keys(g)) if (!groupFields.includes(k)) report('rule/fields', at([...gPath, k]), where, msg.unknownField(k, 'group', suggest(k, groupFields)));
    if (!gName) report('rule/name', at(gPath), where, msg.groupWithoutName());
    else if (groupNames.has(gName)) report('rule/name', at([...gPath, 'name']), where, msg.duplicateGroup(gName));
    groupNames.add(gName);
    for (const field of ['interval', 'query_offset'] as const) {
      if (g[field] !== undefined && g[field] !== null && (!isScalarValue(g[field]) || parsePrometheusDurationSeconds(String(g[field])) === null)) report('rule/duration', at([...gPath, field]), where, msg.badDuration(field, isScalarValue(g[field]) ? String(g[field]) : typeName(g[field])));
    }
    if (g.limit !== undefined && g.limit !== null && !(typeof g.limit === 'number' && Number.isInteger(g.limit) && g.limit >= 0)) report('rule/fields', at([...gPath, 'limit']), where, msg.badLimit(String(g.limit)));
    if (g.rules === null || g.rules === undefined) return;
    if (!Array.isArray(g.rules)) {
      report('input/shape', at([...gPath, 'rules']), where, msg.notList('rules', typeName(g.rules)));
      return;
    }
    if (g.rules.length > maxRulesPerGroup) report('headroom/conventions', at(gPath), where, msg.tooManyRules(g.rules.length, maxRulesPerGroup));
    g.rules.forEach((r: unknown, ri) => lintRule(file, src, [...gPath, 'rules', ri], r, ri, where, settings, report, seen));
  });
}

function lintRule(file: string, src: SourceDoc, rPath: DataPath, r: unknown, ri: number, groupWhere: string, settings: RuleSettings, report: RuleReport, seen: SeenRule[]): void {
  const at = (path: DataPath, offset?: number) => src.position(path, offset);
  // Positions are looked up only for what is reported: a clean rule needs none.
  let ruleLine: number | undefined;
  const add = (check: LintCheck, position: FilePosition, where: string, message: string, level?: LintLevel) => report(check, position, where, message, level, (ruleLine ??= at(rPath).line));
  if (!isObject(r)) {
    add('input/shape', at(rPath), groupWhere, r === null || r === undefined ? msg.nullEntry(`rule ${ri + 1}`) : msg.notObject(`rule ${ri + 1}`, typeName(r)));
    return;
  }
  const isAlert = r.alert !== undefined && r.alert !== null;
  const isRecord = r.record !== undefined && r.record !== null;
  const name = isAlert ? String(r.alert) : isRecord ? String(r.record) : `rule ${ri + 1}`;
  const where = isAlert || isRecord ? `${groupWhere}, ${isAlert ? 'alert' : 'record'} "${name}"` : `${groupWhere}, rule ${ri + 1}`;
  const legacyNames = settings.nameValidation === 'legacy';
  for (const k of Object.keys(r)) if (!ruleFields.includes(k)) add('rule/fields', at([...rPath, k]), where, msg.unknownField(k, 'rule', suggest(k, ruleFields)));
  if (isAlert === isRecord) add('rule/kind', at(rPath), where, msg.ruleKind());
  // Under UTF-8 names any name but one with braces, which Prometheus takes for a query in the wrong field.
  if (isRecord && legacyNames && !metricNamePattern.test(name)) add('rule/name', at([...rPath, 'record']), where, msg.recordName(name));
  else if (isRecord && /[{}]/.test(name)) add('rule/name', at([...rPath, 'record']), where, msg.recordBraces(name));
  for (const field of ['for', 'keep_firing_for'] as const) {
    if (r[field] === undefined || r[field] === null) continue;
    if (isRecord && !isAlert) add('rule/duration', at([...rPath, field]), where, msg.recordingField(field));
    else if (!isScalarValue(r[field]) || parsePrometheusDurationSeconds(String(r[field])) === null) add('rule/duration', at([...rPath, field]), where, msg.badDuration(field, isScalarValue(r[field]) ? String(r[field]) : typeName(r[field])));
  }
  if (isRecord && !isAlert && r.annotations !== undefined && r.annotations !== null) add('rule/fields', at([...rPath, 'annotations']), where, msg.recordingField('annotations'));

  // The query.
  let facts: PromqlFacts | null = null;
  const exprText = typeof r.expr === 'string' || typeof r.expr === 'number' ? String(r.expr) : null;
  if (exprText === null) add('rule/kind', at(r.expr === undefined ? rPath : [...rPath, 'expr']), where, r.expr === undefined || r.expr === null ? msg.missingExpr() : msg.notString('expr', typeName(r.expr)));
  else {
    facts = lintExpression({
      expr: exprText,
      position: (offset) => at([...rPath, 'expr'], offset),
      report: (check, position, message, level) => add(check, position, where, message, level),
      scrapeIntervalSeconds: settings.scrapeIntervalSeconds,
      maxRangeSeconds: settings.maxRangeSeconds,
      maxRangeSource: settings.maxRangeSource,
    });
  }

  // Labels and annotations.
  const labelValues: Record<string, string> = {};
  for (const kind of ['labels', 'annotations'] as const) {
    const map = r[kind];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) {
      add('input/shape', at([...rPath, kind]), where, msg.notObject(kind, typeName(map)));
      continue;
    }
    const singular = kind === 'labels' ? 'label' : 'annotation';
    for (const [k, v] of Object.entries(map)) {
      const vPath = [...rPath, kind, k];
      // Prometheus: a rule may not set the metric name; other names by its validation scheme.
      if (kind === 'labels' && k === '__name__') add('rule/labels', at(vPath), where, msg.metricNameLabel());
      else if (legacyNames ? !labelNamePattern.test(k) : k === '') add('rule/labels', at(vPath), where, msg.badLabelName(singular, k));
      if (!isScalarValue(v) && v !== null) {
        add('rule/labels', at(vPath), where, msg.notStringValue(singular, k, typeName(v)));
        continue;
      }
      const value = v === null ? '' : String(v);
      if (kind === 'labels') labelValues[k] = value;
      if (!isAlert || !value.includes('{{')) continue;
      const t = checkGoTemplate(value);
      if (t.error) {
        add('alerts/template', at(vPath, t.error.offset), where, msg.templateSyntax(`${singular} "${k}"`, t.error.message));
        continue;
      }
      if (kind === 'labels' && t.usesValue) add('alerts/value-in-labels', at(vPath), where, msg.valueInLabels(k));
      if (facts) {
        const reported = new Set<string>();
        for (const l of t.labels) {
          if (reported.has(l.name) || keepsLabel(facts.output, l.name) || l.name in labelValues) continue;
          reported.add(l.name);
          add('alerts/template', at(vPath, l.offset), where, msg.templateDroppedLabel(`${singular} "${k}"`, l.name), 'warning');
        }
      }
    }
  }

  // Alert semantics.
  const forSeconds = r.for === undefined || r.for === null ? 0 : parsePrometheusDurationSeconds(String(r.for)) ?? 0;
  if (isAlert && facts) {
    const usesAbsent = facts.functions.some((f) => f.name === 'absent' || f.name === 'absent_over_time');
    if (!facts.hasComparison && !facts.isConstant && !usesAbsent) add('alerts/comparison', at([...rPath, 'expr']), where, msg.noComparison());
    if (facts.functions.some((f) => f.name === 'absent') && forSeconds === 0) add('alerts/absent', at([...rPath, 'expr']), where, msg.absentWithoutFor());
  }
  if (isAlert) {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) add('headroom/conventions', at([...rPath, 'alert']), where, msg.alertNameCase(name));
    const labels = isObject(r.labels) ? r.labels : {};
    const severity = labels.severity;
    if (severity === undefined) add('headroom/conventions', at(rPath), where, msg.missingSeverity());
    else if (isScalarValue(severity) && String(severity) !== 'none' && !settings.severities.includes(String(severity))) add('headroom/conventions', at([...rPath, 'labels', 'severity']), where, msg.badSeverity(String(severity), settings.severities));
    const annotations = isObject(r.annotations) ? r.annotations : {};
    for (const a of ['summary', 'description']) if (!annotations[a]) add('headroom/conventions', at(rPath), where, msg.missingAnnotation(a));
  }

  // Duplicates across every file of the run.
  if (isAlert !== isRecord && exprText !== null) {
    const kind = isAlert ? 'alert' : 'record';
    const rule = new Seen(kind, name, labelValues, file, where, facts, exprText, src, rPath);
    const others = namesakes(seen, kind, name);
    const sameQuery = (other: string) => other.replace(/\s+/g, '') === exprText.replace(/\s+/g, '');
    const twin = others.length ? others.find((s) => s.labelsKey === rule.labelsKey && sameQuery(s.expr)) : undefined;
    if (twin) {
      const other = twin.file === file ? `line ${twin.position.line}` : `${twin.file}:${twin.position.line}`;
      if (kind === 'record') add('rule/duplicate', at(rPath), where, msg.duplicateRecord(name, other));
      else add('rule/duplicate', at(rPath), where, msg.duplicateAlert(name, other), 'warning');
    }
    seen.push(rule);
  }
}

/**
 * A rule as seen, for later checks: what only a finding or a namesake needs (positions, the key of
 * its labels) is worked out when first asked for — a class, as an object literal with a getter is
 * built by a slow path for every rule.
 */
class Seen implements SeenRule {
  #position: FilePosition | undefined;
  #labelsKey: string | undefined;
  constructor(
    readonly kind: SeenRule['kind'],
    readonly name: string,
    private readonly labelValues: Record<string, string>,
    readonly file: string,
    readonly where: string,
    public facts: PromqlFacts | null,
    readonly expr: string,
    private readonly src: SourceDoc,
    private readonly path: DataPath,
  ) {}

  get position(): FilePosition {
    return (this.#position ??= this.src.position(this.path));
  }

  // Any fixed order makes the key; code-unit order spares a start-up ICU collator (localeCompare's first call costs ~15 ms).
  get labelsKey(): string {
    return (this.#labelsKey ??= JSON.stringify(Object.entries(this.labelValues).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  }

  // A property, not a method: live checks take it as their target's `position`.
  readonly exprPosition = (offset: number): FilePosition => this.src.position([...this.path, 'expr'], offset);
}
