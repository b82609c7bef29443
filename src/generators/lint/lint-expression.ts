/**
 * The checks every PromQL expression gets, in a rule or a dashboard panel: syntax, types, rate
 * ranges against the scrape interval, ranges against retention, regexp matchers without a regexp.
 * Returns the facts the rule checks and live checks build on (null when the query does not parse).
 */
import { parser } from '@prometheus-io/lezer-promql';
import { memoByText } from './memo-by-text.js';
import { firstSyntaxError, type PromqlSyntaxError } from './parse-promql.js';
import { checkPromqlTypes, type PromqlTypeError } from './promql-types.js';
import type { PromqlFacts } from './promql-facts.js';
import { astFromLezer } from './promql-ast-from-lezer.js';
import { collectAstFacts } from './promql-ast-facts.js';
import { analyzeFast } from './promql-fast-check.js';
import { lintMessages as msg } from './messages.js';
import type { LintCheck } from './checks.js';
import type { FilePosition } from './types.js';

export interface ExpressionContext {
  /** The query as PromQL (Grafana variables already substituted). */
  expr: string;
  /** File position of character `offset` of `expr`. */
  position(offset: number): FilePosition;
  report(check: LintCheck, position: FilePosition, message: string, level?: 'error' | 'warning' | 'info'): void;
  scrapeIntervalSeconds: number;
  maxRangeSeconds: number;
  maxRangeSource: string;
  /** Offsets of `expr` that came from a Grafana variable (not checked for style). */
  fromVariable?(offset: number): boolean;
}

const rateFunctions = new Set(['rate', 'irate', 'increase', 'deriv']);
const regexpSyntax = /[.*+?()[\]{}|^$\\]/;

/** `# comments` replaced by spaces (same offsets): the checkers walk the first child of the tree, which must be the query. */
export function blankPromqlComments(expr: string): string {
  if (!expr.includes('#')) return expr;
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      out += c;
      if (c === '\\' && quote !== '`') { out += expr[i + 1] ?? ''; i++; } else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') { quote = c; out += c; } else if (c === '#') {
      const end = expr.indexOf('\n', i);
      const stop = end === -1 ? expr.length : end;
      out += ' '.repeat(stop - i);
      i = stop - 1;
    } else out += c;
  }
  return out;
}

/** What an expression's text alone decides: its syntax error, type errors and facts. */
export interface PromqlAnalysis { syntax: PromqlSyntaxError | null; typeErrors: PromqlTypeError[]; facts: PromqlFacts | null }

/** The analysis by the Prometheus project's Lezer grammar and the UI's type checker: the authority on every message. */
export function analyzeWithLezer(expr: string): PromqlAnalysis {
  const tree = parser.parse(expr);
  const syntax = firstSyntaxError(expr, tree);
  const typeErrors = syntax ? [] : checkPromqlTypes(expr, tree);
  const ast = syntax || typeErrors.some((e) => e.level === 'error') ? null : astFromLezer(expr, tree);
  return { syntax, typeErrors, facts: ast ? collectAstFacts(expr, ast) : null };
}

// Dashboards repeat queries (the same panel per namespace, per row) and rule files repeat
// sub-expressions: a fifth of kube-prometheus' 500 queries are repeats. The analysis is a pure
// function of the text, so it is kept by text (bounded: a long-lived process lints many files).
// A valid query takes the fast path (Lezer costs tens of milliseconds to warm up in a cold process);
// whatever it is not sure of goes to Lezer (test/unit/generators/lint-promql-fast-path.test.ts).
const analyze = memoByText((expr): PromqlAnalysis => {
  const facts = analyzeFast(expr);
  return facts ? { syntax: null, typeErrors: [], facts } : analyzeWithLezer(expr);
});

export function lintExpression(ctx: ExpressionContext): PromqlFacts | null {
  const { syntax, typeErrors, facts } = analyze(blankPromqlComments(ctx.expr));
  if (syntax) {
    ctx.report('promql/syntax', ctx.position(syntax.position - 1), msg.promqlSyntax(syntax.message));
    return null;
  }
  for (const e of typeErrors) ctx.report('promql/types', ctx.position(e.from), msg.promqlType(e.message), e.level);
  if (!facts) return null;
  for (const r of facts.ranges) {
    if (ctx.fromVariable?.(r.from)) continue;
    if (r.fn && rateFunctions.has(r.fn) && r.seconds < 2 * ctx.scrapeIntervalSeconds) ctx.report('promql/rate', ctx.position(r.from), msg.rateTooShort(r.fn, r.text, ctx.scrapeIntervalSeconds));
    if (r.seconds > ctx.maxRangeSeconds) ctx.report('promql/range', ctx.position(r.from), msg.rangeTooLong(r.text, ctx.maxRangeSeconds, ctx.maxRangeSource));
  }
  for (const s of facts.selectors) {
    for (const m of s.matchers) {
      if ((m.op !== '=~' && m.op !== '!~') || ctx.fromVariable?.(m.from + m.label.length + 3)) continue;
      if (!regexpSyntax.test(m.value)) ctx.report('promql/regexp', ctx.position(m.from), msg.regexpWithoutRegexp(m.label, m.op, m.value));
    }
  }
  return facts;
}
