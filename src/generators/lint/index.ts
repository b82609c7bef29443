/**
 * `headroom lint`: reads rule files (plain or PrometheusRule), Grafana dashboards and SLO specs,
 * hand-written or generated, and reports every finding with file, line, group/rule and message.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import { isSloSpecDocument, parseSloSpec } from '../slo/parse-spec.js';
import { isDashboard, lintDashboard } from './lint-dashboard.js';
import { lintRuleGroups } from './lint-rules.js';
import { lintMessages as msg } from './messages.js';
import type { LintFinding, LintOptions } from './types.js';

export { formatLintFinding, type LintFinding, type LintOptions } from './types.js';
export { lintMessages } from './messages.js';
export { parsePromql, substituteGrafanaVariables } from './parse-promql.js';
export { lintDashboard } from './lint-dashboard.js';

const lintable = new Set(['.yaml', '.yml', '.json']);

/** Files below the given paths (directories walked, sorted; hidden entries skipped). */
async function expandPaths(paths: string[]): Promise<{ files: string[]; findings: LintFinding[] }> {
  const files: string[] = [];
  const findings: LintFinding[] = [];
  const walk = async (p: string, explicit: boolean): Promise<void> => {
    let st;
    try {
      st = await stat(p);
    } catch (err) {
      findings.push({ file: p, where: '', message: msg.unreadable((err as NodeJS.ErrnoException).code ?? 'error') });
      return;
    }
    if (st.isDirectory()) {
      for (const e of (await readdir(p)).sort()) if (!e.startsWith('.')) await walk(join(p, e), false);
    } else if (explicit || lintable.has(extname(p))) {
      files.push(p);
    }
  };
  for (const p of paths) await walk(p, true);
  return { files, findings };
}

/** Lints one file's text. */
export function lintText(file: string, text: string, options: LintOptions): LintFinding[] {
  if (extname(file) === '.json') {
    let d: unknown;
    try {
      d = JSON.parse(text);
    } catch (err) {
      return [{ file, where: '', message: msg.jsonSyntax((err as Error).message) }];
    }
    return isDashboard(d) ? lintDashboard(file, d) : [{ file, where: '', message: msg.unknownKind() }];
  }
  // SLO specs may hold several documents (sloth multi-file specs, OpenSLO SLO + SLI + AlertPolicy).
  const first = parseAllDocuments(text, { prettyErrors: false });
  const firstJs = (Array.isArray(first) ? first : [first]).map((d) => (d.errors.length ? null : d.toJS() as unknown)).find((d) => d && typeof d === 'object');
  if (firstJs && isSloSpecDocument(firstJs as Record<string, unknown>)) {
    return parseSloSpec(file, text, basename(file, extname(file))).problems.map((p) => ({ file, where: '', message: p.startsWith(`${file}: `) ? p.slice(file.length + 2) : p }));
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) return doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line, where: '', message: msg.yamlSyntax(e.message.split('\n')[0]!) }));
  const js = doc.toJS() as Record<string, unknown> | null;
  if (!js || typeof js !== 'object') return [{ file, where: '', message: msg.unknownKind() }];
  if ('groups' in js) return lintRuleGroups(file, doc, lines, ['groups'], options);
  if (js.kind === 'PrometheusRule') return lintRuleGroups(file, doc, lines, ['spec', 'groups'], options);
  // promtool tests, Alertmanager config and Grafana provisioning are checked by their own tools.
  if ('rule_files' in js || 'route' in js || 'providers' in js) return [];
  return [{ file, where: '', message: msg.unknownKind() }];
}

/** Lints files and directories; returns every finding and how many files were read. */
export async function lintFiles(paths: string[], options: LintOptions): Promise<{ findings: LintFinding[]; filesChecked: number }> {
  const { files, findings } = await expandPaths(paths);
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      findings.push({ file, where: '', message: msg.unreadable((err as NodeJS.ErrnoException).code ?? 'error') });
      continue;
    }
    findings.push(...lintText(file, text, options));
  }
  return { findings, filesChecked: files.length };
}
