/**
 * `headroom lint`: reads rule files (plain, multi-document, PrometheusRule, in ConfigMaps), Grafana
 * dashboards (also in ConfigMaps and ConfigMapLists, `panels` or `rows` layout) and SLO specs, and
 * reports every problem once, with file, line:column, check, level and message.
 *
 *   read (bytes → documents → units)  →  check units (rules, dashboards, SLO specs)
 *     →  cross-file checks (duplicates)  →  optional: promtool, live series  →  filter (disabled checks, comments)
 *
 * Nothing throws for any input: a problem reading a file is a finding about that file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { PrometheusSourceOptions } from '../../collectors/prometheus/source.js';
import { HeadroomError } from '../../domain/errors.js';
import { lintChecks, type LintCheck } from './checks.js';
import { lintDashboard, type SeenQuery } from './lint-dashboard.js';
import { lintRuleGroups, type RuleSettings, type SeenRule } from './lint-rules.js';
import type { LiveSeriesChecker, LiveTarget } from './live-series.js';
import { lintMessages as msg } from './messages.js';
import { readLintUnits, type LintUnit } from './read-documents.js';
import type { SourceDoc } from './source-position.js';
import type { FilePosition, LintFinding, LintLevel, LintOptions } from './types.js';

export { lintChecks, type LintCheck } from './checks.js';
export { formatLintFinding, formatLintFindings, lintFormats, type LintFormat } from './format-findings.js';
export { lintMessages } from './messages.js';
export { parsePromql, substituteGrafanaVariables } from './parse-promql.js';
export { lintLevels, type LintFinding, type LintLevel, type LintOptions } from './types.js';

const lintable = new Set(['.yaml', '.yml', '.json']);
const defaultScrapeIntervalSeconds = 60;
const defaultMaxRangeSeconds = 31 * 86400;

/** State shared by the files of one run: rules and queries seen, for cross-file and live checks. */
export type SloSpecParser = (file: string, text: string, name: string) => { problems: string[] };

export interface LintRun {
  /** SLO spec files met without a spec parser (lintFiles loads it and checks them after). */
  sloSpecs: { file: string; text: string }[];
  rules: SeenRule[];
  queries: (SeenQuery & { file: string })[];
  /** Rule units per file, for --promtool. */
  ruleUnits: { file: string; unit: Extract<LintUnit, { kind: 'rules' }> }[];
}

export function newLintRun(): LintRun {
  return { sloSpecs: [], rules: [], queries: [], ruleUnits: [] };
}

function settingsOf(options: LintOptions, maxRangeSource = 'the 31 days kept by default'): RuleSettings {
  return {
    severities: options.severities,
    scrapeIntervalSeconds: options.scrapeIntervalSeconds ?? defaultScrapeIntervalSeconds,
    maxRangeSeconds: options.maxRangeSeconds ?? defaultMaxRangeSeconds,
    maxRangeSource,
    nameValidation: options.nameValidation ?? 'legacy',
  };
}

/** Checks disabled by `# headroom-lint disable …` comments: per rule line, and for the whole file. */
function commentSuppressions(src: SourceDoc, ruleLines: number[]): { file: Set<string>; byRuleLine: Map<number, Set<string>> } {
  const file = new Set<string>();
  const byRuleLine = new Map<number, Set<string>>();
  const sorted = [...new Set(ruleLines)].sort((a, b) => a - b);
  for (const c of src.comments) {
    const m = /headroom-lint\s+(file\/disable|disable)\s+(.+)$/.exec(c.text);
    if (!m) continue;
    const checks = m[2]!.split(/[\s,]+/).filter(Boolean);
    if (m[1] === 'file/disable') { checks.forEach((x) => file.add(x)); continue; }
    const owner = sorted.includes(c.nextContentLine) ? c.nextContentLine : [...sorted].reverse().find((l) => l <= c.line);
    if (owner === undefined) { checks.forEach((x) => file.add(x)); continue; }
    const set = byRuleLine.get(owner) ?? new Set<string>();
    checks.forEach((x) => set.add(x));
    byRuleLine.set(owner, set);
  }
  return { file, byRuleLine };
}

function disabledBy(set: Set<string>, check: string): boolean {
  return set.has(check) || set.has('all') || set.has(check.split('/')[0]!);
}

/** Findings of an SLO spec: what its parser (i15's src/generators/slo) reports; never a crash. */
function sloSpecFindings(file: string, text: string, parse: SloSpecParser): LintFinding[] {
  let problems: string[];
  try {
    problems = parse(file, text, basename(file, extname(file))).problems;
  } catch (err) {
    return [{ file, where: '', check: 'internal/error', level: 'error', message: msg.internal(err instanceof Error ? err.message : String(err)) }];
  }
  return problems.map((p) => ({ file, where: '', check: 'slo/spec', level: lintChecks['slo/spec'].level, message: p.startsWith(`${file}: `) ? p.slice(file.length + 2) : p }));
}

/**
 * Lints one file's content (bytes or text); cross-file state goes to `run`. SLO specs are checked
 * with `sloSpecParser` when given, else left in `run.sloSpecs` (lintFiles loads the parser only then).
 */
export function lintText(file: string, content: string | Buffer, options: LintOptions, run: LintRun = newLintRun(), sloSpecParser?: SloSpecParser): LintFinding[] {
  const findings: LintFinding[] = [];
  const push = (check: LintCheck, position: FilePosition | undefined, where: string, message: string, level?: LintLevel) => {
    findings.push({ file, line: position?.line, column: position?.column, where, check, level: level ?? lintChecks[check].level, message });
  };
  try {
    const { units, problems } = readLintUnits(file, typeof content === 'string' ? Buffer.from(content) : content);
    for (const p of problems) push(p.check, p.position, p.where, p.message);
    const settings = settingsOf(options, options.maxRangeSeconds ? 'the server\'s retention' : undefined);
    for (const unit of units) {
      if (unit.kind === 'slo') {
        if (sloSpecParser) findings.push(...sloSpecFindings(file, unit.text, sloSpecParser));
        else run.sloSpecs.push({ file, text: unit.text });
        continue;
      }
      const unitFindings: { finding: Parameters<typeof push>; ruleLine?: number | undefined }[] = [];
      const report = (check: LintCheck, position: FilePosition | undefined, where: string, message: string, level?: LintLevel, ruleLine?: number) => unitFindings.push({ finding: [check, position, where, message, level], ruleLine });
      if (unit.kind === 'rules') {
        const before = run.rules.length;
        lintRuleGroups(file, unit.src, unit.groupsPath, unit.where, settings, report, run.rules);
        run.ruleUnits.push({ file, unit });
        // A rule's position is looked up only when a comment may name it.
        const ruleLines = unit.src.comments.length ? run.rules.slice(before).map((r) => r.position.line) : [];
        const lines = unitFindings.map((f) => f.ruleLine).filter((l): l is number => l !== undefined);
        const suppress = commentSuppressions(unit.src, [...ruleLines, ...lines]);
        for (const f of unitFindings) {
          const check = f.finding[0];
          if (disabledBy(suppress.file, check)) continue;
          if (f.ruleLine !== undefined && disabledBy(suppress.byRuleLine.get(f.ruleLine) ?? new Set(), check)) continue;
          push(...f.finding);
        }
        // Rules of this unit suppressed for promql/series keep that for the live run.
        if (suppress.file.size || suppress.byRuleLine.size) for (const r of run.rules.slice(before)) {
          const set = suppress.byRuleLine.get(r.position.line);
          if (disabledBy(suppress.file, 'promql/series') || (set && disabledBy(set, 'promql/series'))) r.facts = null;
        }
      } else {
        const queries: SeenQuery[] = [];
        lintDashboard(unit.src, unit.path, unit.where, settings, report, queries, unit.objectName);
        for (const q of queries) run.queries.push(Object.assign(q, { file }));
        for (const f of unitFindings) push(...f.finding);
      }
    }
  } catch (err) {
    push('internal/error', undefined, '', msg.internal(err instanceof Error ? err.message : String(err)));
  }
  const disabled = new Set(options.disabledChecks ?? []);
  return findings
    .filter((f) => !disabledBy(disabled, f.check))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * Files below the given paths (directories walked, sorted; hidden entries skipped). Synchronous,
 * like the reads of lintFiles: the few calls of a lint run cost less than starting libuv's thread pool.
 */
function expandPaths(paths: string[]): { files: string[]; findings: LintFinding[] } {
  const files: string[] = [];
  const findings: LintFinding[] = [];
  const walk = (p: string, explicit: boolean): void => {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      findings.push({ file: p, where: '', check: 'input/syntax', level: 'error', message: msg.unreadable((err as NodeJS.ErrnoException).code ?? 'error') });
      return;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) if (!e.startsWith('.')) walk(join(p, e), false);
    } else if (explicit || lintable.has(extname(p))) {
      files.push(p);
    }
  };
  for (const p of paths) walk(p, true);
  return { files, findings };
}

/** Reads and lints one file into `run` (a file that cannot be read is a finding about it). */
function readAndLint(file: string, options: LintOptions, run: LintRun): LintFinding[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return [{ file, where: '', check: 'input/syntax', level: 'error', message: msg.unreadable((err as NodeJS.ErrnoException).code ?? 'error') }];
  }
  return lintText(file, bytes, options, run);
}

export interface LintRunOptions extends LintOptions {
  /** Cross-check rule groups with `promtool check rules`. */
  promtool?: boolean;
  /** Live checks against this Prometheus-API server. */
  prometheusUrl?: string;
  /** How to reach it when more than a URL (auth, headers, TLS: the config's `prometheus` section); its URL is prometheusUrl's. */
  prometheus?: PrometheusSourceOptions;
  /** How far back live checks look for a metric that has no series now. Default 7 days. */
  lookbackSeconds?: number;
  /** Evaluation time of live checks. */
  nowMs?: number;
}

/** Lints files and directories; returns every finding and how many files were read. */
export async function lintFiles(paths: string[], options: LintRunOptions): Promise<{ findings: LintFinding[]; filesChecked: number }> {
  const { files, findings } = expandPaths(paths);
  const disabled = new Set(options.disabledChecks ?? []);
  let live: LiveSeriesChecker | null = null;
  const effective: LintOptions = { ...options };
  if (options.prometheusUrl) {
    const { LiveSeriesChecker } = await import('./live-series.js');
    live = new LiveSeriesChecker(options.prometheus ?? options.prometheusUrl, options.lookbackSeconds ?? 7 * 86400, options.nowMs ?? Date.now());
    const server = await live.serverFacts();
    if (server.scrapeIntervalSeconds && options.scrapeIntervalSeconds === undefined) effective.scrapeIntervalSeconds = server.scrapeIntervalSeconds;
    if (server.retentionSeconds && options.maxRangeSeconds === undefined) effective.maxRangeSeconds = server.retentionSeconds;
  }
  const run = newLintRun();
  for (const file of files) findings.push(...readAndLint(file, effective, run));
  // The SLO spec parser (zod schemas) is loaded only when a spec is among the files.
  if (run.sloSpecs.length) {
    const { parseSloSpec } = await import('../slo/parse-spec.js');
    const disabledHere = new Set(effective.disabledChecks ?? []);
    for (const spec of run.sloSpecs) findings.push(...sloSpecFindings(spec.file, spec.text, parseSloSpec).filter((f) => !disabledBy(disabledHere, f.check)));
  }
  if (options.promtool && !disabledBy(disabled, 'promql/promtool')) {
    const { promtoolCheckRules } = await import('./promtool-check.js');
    for (const { file, unit } of run.ruleUnits) {
      const groups = unit.groupsPath.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], unit.src.data);
      const plain = unit.groupsPath.length === 1 && unit.where === '' ? file : null;
      const problems = await promtoolCheckRules(groups, plain);
      if (problems === null) {
        findings.push({ file, where: '', check: 'promql/promtool', level: 'error', message: msg.promtoolMissing() });
        break;
      }
      const unitPosition = unit.src.position(unit.groupsPath);
      for (const p of problems) {
        const line = p.line ?? unitPosition.line;
        // One problem, one finding: what lint already reported on that line (or, without a line, for that rule) stays lint's.
        const rule = /rule \d+, "([^"]+)"/.exec(p.message)?.[1];
        const ours = (f: LintFinding) => f.file === file && f.level === 'error' && f.check !== 'promql/promtool';
        if (findings.some((f) => ours(f) && (p.line ? f.line === line : rule !== undefined && f.where.includes(`"${rule}"`)))) continue;
        findings.push({ file, line, column: p.line ? p.column : unitPosition.column, where: unit.where, check: 'promql/promtool', level: 'error', message: msg.promtool(p.message) });
      }
    }
  }
  if (live && !disabledBy(disabled, 'promql/series')) {
    const recorded = new Set(run.rules.filter((r) => r.kind === 'record').map((r) => r.name));
    const targets: LiveTarget[] = [
      ...run.rules.filter((r) => r.facts).map((r) => ({ file: r.file, where: r.where, facts: r.facts!, position: r.exprPosition })),
      ...run.queries.map((q) => ({ file: q.file, where: q.where, facts: q.facts, position: q.position, fromVariable: q.fromVariable, labelUse: q.labelUse })),
    ];
    try {
      await live.check(targets, recorded, (t, position, message, level) => findings.push({ file: t.file, line: position.line, column: position.column, where: t.where, check: 'promql/series', level, message }));
    } catch (err) {
      findings.push({ file: options.prometheusUrl!, where: '', check: 'promql/series', level: 'error', message: msg.liveSkipped(err instanceof Error ? err.message : String(err), err instanceof HeadroomError ? err.hint : undefined) });
    } finally {
      await live.close();
    }
  }
  const fileOrder = new Map(files.map((f, i) => [f, i]));
  const ordered = findings.map((f, i) => ({ f, i })).sort((a, b) => (fileOrder.get(a.f.file) ?? -1) - (fileOrder.get(b.f.file) ?? -1) || (a.f.line ?? 0) - (b.f.line ?? 0) || (a.f.column ?? 0) - (b.f.column ?? 0) || a.i - b.i);
  return { findings: ordered.map((x) => x.f), filesChecked: files.length };
}
