/**
 * The facts of promql-facts.ts (selectors, ranges, aggregations, functions, the labels the result
 * keeps…) from a tree of promql-ast.ts: the same walk, node for node, so the same objects with the
 * same offsets and texts, quirks included (`x @ 123` and `x anchored` keep no label, as the number
 * or keyword child is walked last; a unary minus is never a scalar for `isConstant`).
 */
import type { AstNode, Grouping } from './promql-ast.js';
import { addLabel, removeLabel, unquote, type LabelSet, type Matcher, type PromqlFacts, type Selector } from './promql-facts.js';
import { parsePrometheusDurationSeconds } from './prometheus-duration.js';

const comparisons = new Set(['==', '!=', '<=', '<', '>=', '>']);
const keepInnerLabels = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);
const none = (): LabelSet => ({ exact: new Set() });
// Shared while walking (label sets are never changed in place: addLabel and the others make new
// ones); the facts get their own copy.
const noLabels: LabelSet = none();
const anyButName: LabelSet = { anyExcept: new Set(['__name__']) };

function isScalarNode(n: AstNode): boolean {
  if (n.kind === 'number') return true;
  if (n.kind === 'paren') return isScalarNode(n.inner);
  if (n.kind === 'call') return n.name === 'scalar' || n.name === 'time' || n.name === 'pi';
  if (n.kind === 'binary') return isScalarNode(n.left) && isScalarNode(n.right);
  return false;
}

// The collection in progress (one at a time; module state rather than closures made per query).
let source = '';
let facts: PromqlFacts;
const text = (n: { from: number; to: number }) => source.slice(n.from, n.to);

function selectorOf(n: AstNode & { kind: 'selector' }): Selector {
  const matchers: Matcher[] = [];
  let nameMatcher: Matcher | undefined;
  for (const m of n.matchers) {
    const matcher: Matcher = { label: m.label, op: m.op, value: unquote(m.quoted), from: m.from, to: m.to };
    if (nameMatcher === undefined && m.label === '__name__' && m.op === '=') nameMatcher = matcher;
    matchers.push(matcher);
  }
  return { name: n.name ?? nameMatcher?.value ?? null, matchers: nameMatcher === undefined || n.name !== null ? matchers : matchers.filter((m) => m !== nameMatcher), from: n.from, to: n.to, text: text(n) };
}
const labelsOf = (g: Grouping | null) => (g ? g.labels : []);

function walk(n: AstNode, fn: string | null, selectorsOut: Selector[]): LabelSet {
  switch (n.kind) {
    case 'number': case 'string': return noLabels;
    case 'selector': {
      const s = selectorOf(n);
      facts.selectors.push(s);
      selectorsOut.push(s);
      return anyButName;
    }
    case 'matrix': case 'subquery': {
      const seconds = parsePrometheusDurationSeconds(n.range.text.trim());
      if (seconds !== null) facts.ranges.push({ seconds, fn: n.kind === 'matrix' ? fn : null, from: n.range.from, to: n.range.to, text: n.range.text });
      return walk(n.inner, n.kind === 'matrix' ? fn : null, selectorsOut);
    }
    case 'paren': case 'offset': case 'unary': return walk(n.inner, fn, selectorsOut);
    case 'at': {
      const inner = walk(n.inner, fn, selectorsOut);
      return n.number ? noLabels : inner;
    }
    case 'anchored': walk(n.inner, fn, selectorsOut); return noLabels; // the keyword is walked last
    case 'call': {
      const name = n.name;
      facts.functions.push({ name, from: n.from, to: n.to });
      const argLabels = n.args.map((a) => walk(a, name, selectorsOut));
      const first = argLabels.find((l) => 'anyExcept' in l || l.exact.size > 0) ?? noLabels;
      if (name === 'vector' || name === 'time' || name === 'scalar' || name === 'pi') return noLabels;
      const a0 = n.args[0];
      const a1 = n.args[1];
      if (name === 'absent' || name === 'absent_over_time') {
        const s = a0 ? facts.selectors.find((x) => x.from >= a0.from && x.to <= a0.to) : undefined;
        return { exact: new Set(s ? s.matchers.filter((m) => m.op === '=' && m.label !== '__name__').map((m) => m.label) : []) };
      }
      if ((name === 'label_replace' || name === 'label_join') && a1?.kind === 'string') {
        facts.introducedLabels.add(unquote(a1.quoted));
        return addLabel(first, unquote(a1.quoted));
      }
      if (name === 'histogram_quantile') return removeLabel(argLabels[1] ?? first, 'le');
      return first;
    }
    case 'aggregation': {
      const labels = labelsOf(n.grouping);
      const under: Selector[] = [];
      const argLabels: LabelSet[] = [];
    for (const a of n.args) argLabels.push(walk(a, null, under));
      selectorsOut.push(...under);
      facts.aggregations.push({ op: n.op, by: n.modifier === 'by' ? labels : null, without: n.modifier === 'without' ? labels : null, labelsFrom: n.grouping?.from ?? n.from, labelOffsets: n.grouping ? n.grouping.offsets : [], selectors: under });
      const inner = argLabels[argLabels.length - 1] ?? noLabels;
      if (keepInnerLabels.has(n.op)) return inner;
      let out: LabelSet = n.modifier === 'by' ? { exact: new Set(labels) } : n.modifier === 'without' ? ('exact' in inner ? { exact: new Set([...inner.exact].filter((l) => !labels.includes(l))) } : { anyExcept: new Set([...inner.anyExcept, ...labels, '__name__']) }) : noLabels;
      const a0 = n.args[0];
      if (n.op === 'count_values' && a0?.kind === 'string') {
        facts.introducedLabels.add(unquote(a0.quoted));
        out = addLabel(out, unquote(a0.quoted));
      }
      return out;
    }
    case 'binary': {
      // `a unless b` fires for what is in a and no longer in b: a condition, as pint counts it.
      if ((comparisons.has(n.op) && !n.bool) || n.op === 'unless') facts.hasComparison = true;
      const l = walk(n.left, null, selectorsOut);
      const r = walk(n.right, null, selectorsOut);
      const lScalar = isScalarNode(n.left);
      const rScalar = isScalarNode(n.right);
      if (lScalar && !rScalar) return r;
      if (rScalar) return l;
      if (n.op === 'or') return 'exact' in l && 'exact' in r ? { exact: new Set([...l.exact, ...r.exact]) } : { anyExcept: new Set() };
      const include = labelsOf(n.matching?.include ?? null);
      return include.reduce(addLabel, n.matching?.group === 'right' ? r : l);
    }
  }
}

/** Facts of `tree`, the parse of `expr`. */
export function collectAstFacts(expr: string, tree: AstNode): PromqlFacts {
  source = expr;
  facts = { selectors: [], ranges: [], aggregations: [], functions: [], introducedLabels: new Set(), hasComparison: false, isConstant: false, output: noLabels };
  const output = walk(tree, null, []);
  facts.output = output === noLabels ? none() : output === anyButName ? { anyExcept: new Set(['__name__']) } : output;
  facts.isConstant = isScalarNode(tree) || (tree.kind === 'call' && /^vector\s*\(\s*[-+]?[\d.]+\s*\)$/.test(text(tree)));
  return facts;
}
