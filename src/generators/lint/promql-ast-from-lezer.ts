/**
 * The tree of promql-ast.ts read off the Lezer grammar's tree, for the queries our own parser leaves
 * to Lezer (a keyword as a metric name, quoted label names, duration arithmetic…) but which have no
 * error: the facts of every query then come from one walk (promql-ast-facts.ts), whichever parser
 * read it. Expects an error-free tree.
 */
import type { parser } from '@prometheus-io/lezer-promql';
import type { AstMatcher, AstNode, Duration, Grouping, Matching } from './promql-ast.js';
import { unquote } from './promql-facts.js';

type Tree = ReturnType<typeof parser.parse>;
type SyntaxNode = Tree['topNode'];

const binaryOps: Record<string, string> = { Pow: '^', Mul: '*', Div: '/', Mod: '%', Atan2: 'atan2', Add: '+', Sub: '-', Eql: '==', Gte: '>=', Gtr: '>', TrimUpper: '</', TrimLower: '>/', Lte: '<=', Lss: '<', Neq: '!=', And: 'and', Unless: 'unless', Or: 'or' };

// Children are listed once per node: Lezer's getChild makes a tree cursor per call.
function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function pick(list: SyntaxNode[], name: string): SyntaxNode | null {
  for (const c of list) if (c.name === name) return c;
  return null;
}

/** Our tree of an error-free Lezer tree of `expr`; null for an empty one. */
export function astFromLezer(expr: string, tree: Tree): AstNode | null {
  const text = (n: { from: number; to: number }) => expr.slice(n.from, n.to);
  const duration = (n: SyntaxNode | null | undefined): Duration => (n ? { from: n.from, to: n.to, text: text(n) } : { from: 0, to: 0, text: '' });
  const grouping = (n: SyntaxNode): Grouping => {
    const labels = children(n).filter((c) => c.name === 'LabelName');
    return { from: n.from, to: n.to, labels: labels.map(text), offsets: labels.map((l) => l.from) };
  };
  const matcher = (m: SyntaxNode): AstMatcher | null => {
    if (m.name === 'QuotedLabelName') return { label: '__name__', op: '=', quoted: text(m), from: m.from, to: m.to };
    if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') return null;
    const parts = children(m);
    const label = pick(parts, 'LabelName') ?? pick(parts, 'QuotedLabelName');
    const op = pick(parts, 'MatchOp');
    const value = pick(parts, 'StringLiteral');
    if (!label || !op || !value) return null;
    return { label: label.name === 'QuotedLabelName' ? unquote(text(label)) : text(label), op: text(op).trim() as AstMatcher['op'], quoted: text(value), from: m.from, to: m.to };
  };

  const convert = (n: SyntaxNode): AstNode => {
    const own = children(n);
    const first = () => convert(own[0]!);
    const span = { from: n.from, to: n.to };
    switch (n.name) {
      case 'NumberDurationLiteral': return { kind: 'number', ...span };
      case 'StringLiteral': return { kind: 'string', quoted: text(n), ...span };
      case 'VectorSelector': {
        const id = pick(own, 'Identifier');
        const list = pick(own, 'LabelMatchers');
        const matchers = (list ? children(list) : []).map(matcher).filter((m): m is AstMatcher => m !== null);
        return { kind: 'selector', name: id ? text(id) : null, matchers, ...span };
      }
      case 'MatrixSelector': return { kind: 'matrix', inner: first(), range: duration(pick(own, 'DurationExpr')), ...span };
      case 'SubqueryExpr': {
        const durations = own.filter((c) => c.name === 'DurationExpr');
        return { kind: 'subquery', inner: first(), range: duration(durations[0]), step: durations[1] ? duration(durations[1]) : null, ...span };
      }
      case 'OffsetExpr': return { kind: 'offset', inner: first(), ...span };
      case 'StepInvariantExpr': return { kind: 'at', inner: first(), number: pick(own, 'NumberDurationLiteral') !== null, ...span };
      case 'ParenExpr': return { kind: 'paren', inner: first(), ...span };
      case 'UnaryExpr': return { kind: 'unary', inner: convert(own[own.length - 1]!), ...span };
      case 'AnchoredExpr': case 'SmoothedExpr': return { kind: 'anchored', inner: first(), ...span };
      case 'FunctionCall': {
        const body = pick(own, 'FunctionCallBody');
        return { kind: 'call', name: text(pick(own, 'FunctionIdentifier') ?? n), args: body ? children(body).map(convert) : [], ...span };
      }
      case 'AggregateExpr': {
        const modifier = pick(own, 'AggregateModifier');
        const parts = modifier ? children(modifier) : [];
        const labels = pick(parts, 'GroupingLabels');
        const body = pick(own, 'FunctionCallBody');
        return { kind: 'aggregation', op: text(pick(own, 'AggregateOp') ?? n).toLowerCase(), modifier: pick(parts, 'By') ? 'by' : pick(parts, 'Without') ? 'without' : null, grouping: labels ? grouping(labels) : null, args: body ? children(body).map(convert) : [], ...span };
      }
      case 'BinaryExpr': {
        const op = own.slice(1, -1).find((c) => c.name in binaryOps);
        const clause = pick(own, 'MatchingModifierClause');
        let matching: Matching | null = null;
        if (clause) {
          const parts = children(clause);
          const lists = parts.filter((c) => c.name === 'GroupingLabels');
          matching = { on: pick(parts, 'On') !== null, labels: lists[0] ? grouping(lists[0]).labels : [], group: pick(parts, 'GroupLeft') ? 'left' : pick(parts, 'GroupRight') ? 'right' : null, include: lists[1] ? grouping(lists[1]) : null };
        }
        return { kind: 'binary', op: op ? binaryOps[op.name]! : '', bool: pick(own, 'BoolModifier') !== null, matching, left: first(), right: convert(own[own.length - 1]!), ...span };
      }
      default: throw new Error(`unexpected ${n.name} node in an error-free PromQL tree`);
    }
  };
  const top = tree.topNode.firstChild;
  return top ? convert(top) : null;
}
