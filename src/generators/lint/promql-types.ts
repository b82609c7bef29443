/**
 * Type and argument checking of PromQL as Prometheus does it (range vs instant vectors, scalar
 * arguments, arity, scalar comparisons without `bool`, set operators on scalars…), by the linter of
 * the Prometheus UI itself: `@prometheus-io/codemirror-promql`'s `Parser`.
 *
 * That package ships CommonJS and ESM builds; its ESM build is not loadable by Node (extensionless
 * imports), so its CommonJS parser module is imported (Node gives ESM its named exports; the lint
 * bundle of scripts/build.mjs inlines it). Its `Parser` reads the tree through CodeMirror's
 * `syntaxTree(state)` and text through `state.sliceDoc`; we hand it the complete Lezer tree of the
 * same grammar (an editor state would parse only within a time budget).
 */
import { Parser as UiParserExport } from '@prometheus-io/codemirror-promql/dist/cjs/parser/parser.js';
import type { parser } from '@prometheus-io/lezer-promql';

type Tree = ReturnType<typeof parser.parse>;

export interface PromqlTypeError {
  /** Offsets into the expression. */
  from: number;
  to: number;
  message: string;
  level: 'error' | 'warning';
}

interface UiParser { checkAST(node: Tree['topNode'] | null): unknown; getDiagnostics(): { from: number; to: number; message: string; severity: string }[] }
type UiParserClass = new (state: unknown) => UiParser;

const Parser = UiParserExport as unknown as UiParserClass;

/** Type errors of a syntactically valid expression; one per problem. */
export function checkPromqlTypes(expr: string, tree: Tree): PromqlTypeError[] {
  const state = { field: () => ({ tree }), sliceDoc: (from: number, to: number) => expr.slice(from, to) };
  const p = new Parser(state);
  // What its analyze() does but the walk for error nodes, whose only message ("unexpected
  // expression") is dropped below: syntax errors are promql/syntax's.
  p.checkAST(tree.topNode.firstChild);
  const diagnostics = p.getDiagnostics();
  // An arity error already says the call is wrong; the type errors of its arguments are the same problem.
  const arity = diagnostics.filter((d) => /^expected (at least |at most )?\d+ argument/.test(d.message));
  const out: PromqlTypeError[] = [];
  for (const d of diagnostics) {
    if (d.message === 'unexpected expression') continue; // syntax: reported by promql/syntax
    if (d.message.startsWith('metric name must not be set twice') && !nameSetTwice(tree, d.from)) continue;
    if (!arity.includes(d) && arity.some((a) => a.from <= d.from && d.to <= a.to)) continue;
    if (out.some((o) => o.from === d.from && o.to === d.to && o.message === d.message)) continue;
    out.push({ from: d.from, to: d.to, message: d.message, level: d.severity === 'warning' ? 'warning' : 'error' });
  }
  // The Lezer grammar accepts a range after any expression (`rate(x + y[5m])`); Prometheus' parser does not.
  tree.iterate({
    enter: (node) => {
      if (node.name !== 'MatrixSelector') return;
      const inner = node.node.firstChild;
      if (inner && inner.name !== 'VectorSelector') out.push({ from: inner.from, to: node.to, message: `ranges only allowed for vector selectors (a range after ${inner.name === 'ParenExpr' ? 'parentheses needs a subquery: (…)[5m:1m]' : 'an operator applies to its right-hand selector only; add parentheses or a subquery'})`, level: 'error' });
    },
  });
  return out.sort((a, b) => a.from - b.from);
}

/**
 * Whether the selector at `from` sets its metric name twice as Prometheus counts it: a name before
 * the braces and a `__name__` matcher inside, or two bare quoted names (`{"a", "b"}`). The UI's
 * checker also counts `{__name__=~"pg_.*", __name__!="pg_x"}`, which Prometheus accepts (an
 * exporter's families less one: awesome-prometheus-alerts' PostgresqlConfigurationChanged).
 */
function nameSetTwice(tree: Tree, from: number): boolean {
  let node: ReturnType<Tree['resolveInner']> | null = tree.resolveInner(from, 1);
  while (node && node.name !== 'VectorSelector') node = node.parent;
  if (!node) return true;
  const matchers = node.getChild('LabelMatchers');
  const bareNames = matchers ? matchers.getChildren('QuotedLabelName').length : 0;
  return node.getChild('Identifier') !== null || bareNames > 1;
}

