/** Lint of Prometheus rule files and PrometheusRule CRDs: PromQL syntax and Headroom's conventions. */
import type { Document, LineCounter } from 'yaml';
import { lintMessages as msg } from './messages.js';
import { parsePromql } from './parse-promql.js';
import type { LintFinding, LintOptions } from './types.js';

const maxRulesPerGroup = 20;

interface RawRule { alert?: unknown; record?: unknown; expr?: unknown; labels?: Record<string, unknown>; annotations?: Record<string, unknown> }

/** Lints the `groups` at `groupsPath` of a parsed YAML document. */
export function lintRuleGroups(file: string, doc: Document, lines: LineCounter, groupsPath: (string | number)[], options: LintOptions): LintFinding[] {
  const findings: LintFinding[] = [];
  const lineOf = (path: (string | number)[]): number | undefined => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lines.linePos(node.range[0]).line : undefined;
  };
  const add = (path: (string | number)[], where: string, message: string) => findings.push({ file, line: lineOf(path), where, message });
  const groups = doc.getIn(groupsPath) as unknown;
  const js = (doc.toJS() as Record<string, unknown>);
  const rawGroups = groupsPath.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], js);
  if (!groups || !Array.isArray(rawGroups)) {
    add(groupsPath, '', msg.groupsNotList());
    return findings;
  }
  const seen = new Set<string>();
  (rawGroups as { name?: unknown; rules?: unknown }[]).forEach((g, gi) => {
    const gPath = [...groupsPath, gi];
    const gName = typeof g?.name === 'string' ? g.name : '';
    const where = gName ? `group "${gName}"` : `group ${gi + 1}`;
    if (!gName) add(gPath, where, msg.groupWithoutName());
    else if (seen.has(gName)) add([...gPath, 'name'], where, msg.duplicateGroup(gName));
    seen.add(gName);
    const rules = Array.isArray(g?.rules) ? (g.rules as RawRule[]) : [];
    if (rules.length > maxRulesPerGroup) add(gPath, where, msg.tooManyRules(rules.length, maxRulesPerGroup));
    rules.forEach((r, ri) => {
      const rPath = [...gPath, 'rules', ri];
      const name = typeof r.alert === 'string' ? r.alert : typeof r.record === 'string' ? r.record : `rule ${ri + 1}`;
      const rWhere = `${where}, ${typeof r.alert === 'string' ? 'alert' : 'record'} "${name}"`;
      if ((r.alert === undefined) === (r.record === undefined)) add(rPath, `${where}, rule ${ri + 1}`, msg.ruleKind());
      if (typeof r.expr !== 'string' && typeof r.expr !== 'number') add(rPath, rWhere, msg.missingExpr());
      else {
        const exprLine = lineOf([...rPath, 'expr']);
        for (const e of parsePromql(String(r.expr))) findings.push({ file, line: exprLine, where: rWhere, message: msg.promqlSyntax(e.line, e.column, e.message) });
      }
      if (typeof r.alert === 'string') {
        if (!/^[A-Z][A-Za-z0-9]*$/.test(r.alert)) add([...rPath, 'alert'], rWhere, msg.alertNameCase(r.alert));
        const severity = r.labels?.severity;
        if (severity === undefined) add(rPath, rWhere, msg.missingSeverity());
        else if (!options.severities.includes(String(severity))) add([...rPath, 'labels', 'severity'], rWhere, msg.badSeverity(String(severity), options.severities));
        for (const a of ['summary', 'description']) if (!r.annotations?.[a]) add(rPath, rWhere, msg.missingAnnotation(a));
      } else if (typeof r.record === 'string' && !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(r.record)) {
        add([...rPath, 'record'], rWhere, msg.recordName(r.record));
      }
    });
  });
  return findings;
}
