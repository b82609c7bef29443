/**
 * What the semantic checks need to know about a parsed PromQL expression, from one walk of its
 * Lezer tree: selectors and their matchers, ranges and the functions they feed, aggregations and
 * their grouping labels, comparisons, absent() calls, and the labels the result keeps.
 */
import type { parser } from '@prometheus-io/lezer-promql';
import { parsePrometheusDurationSeconds } from './prometheus-duration.js';

type Tree = ReturnType<typeof parser.parse>;
type SyntaxNode = Tree['topNode'];

export interface Matcher { label: string; op: '=' | '!=' | '=~' | '!~'; value: string; from: number; to: number }
export interface Selector { name: string | null; matchers: Matcher[]; from: number; to: number; text: string }
export interface RangeUse { seconds: number; fn: string | null; from: number; to: number; text: string }
export interface Aggregation { op: string; by: string[] | null; without: string[] | null; labelsFrom: number; /** Offset of each grouping label. */ labelOffsets: number[]; selectors: Selector[] }

/** Labels a result keeps: exactly these, or any except these. */
export type LabelSet = { exact: Set<string> } | { anyExcept: Set<string> };

export interface PromqlFacts {
  selectors: Selector[];
  ranges: RangeUse[];
  aggregations: Aggregation[];
  functions: { name: string; from: number; to: number }[];
  /** Labels the query itself creates (label_replace/label_join targets, count_values labels): never expected on stored series. */
  introducedLabels: Set<string>;
  /** A comparison without `bool` anywhere (what makes an alert a condition). */
  hasComparison: boolean;
  /** A number or `vector(number)`: an alert that always fires on purpose (Watchdog). */
  isConstant: boolean;
  output: LabelSet;
}

const comparisonOps = new Set(['Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte']);
const skipChildren = new Set(['FunctionIdentifier', 'AggregateOp', 'AggregateModifier', 'MatchingModifierClause', 'BoolModifier', 'Offset', 'OffsetDurationExpr', 'At', 'AtModifierPreprocessors']);

/** A PromQL string literal's value. */
export function unquote(s: string): string {
  if (s.startsWith('`')) return s.slice(1, -1);
  try {
    return JSON.parse(s.startsWith("'") ? `"${s.slice(1, -1).replace(/"/g, '\\"')}"` : s) as string;
  } catch {
    return s.slice(1, -1);
  }
}

function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

// Children are listed once per node and searched by name: Lezer's getChild/getChildren make a
// tree cursor per call (walking up to the root), the main cost of this walk in a cold process.
// Same answers: this grammar's only node group is "Expr", which is never asked for here.
function pick(list: SyntaxNode[], name: string): SyntaxNode | null {
  for (const c of list) if (c.name === name) return c;
  return null;
}

function pickAll(list: SyntaxNode[], name: string): SyntaxNode[] {
  return list.filter((c) => c.name === name);
}

function childNamed(n: SyntaxNode | null | undefined, name: string): SyntaxNode | null {
  return n ? pick(children(n), name) : null;
}

/** Walks one parsed expression. */
export function collectPromqlFacts(expr: string, tree: Tree): PromqlFacts {
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  const facts: PromqlFacts = { selectors: [], ranges: [], aggregations: [], functions: [], introducedLabels: new Set(), hasComparison: false, isConstant: false, output: { exact: new Set() } };
  const grouping = (n: SyntaxNode | null): string[] => (n ? pickAll(children(n), 'LabelName').map(text) : []);

  const selectorOf = (n: SyntaxNode): Selector => {
    const own = children(n);
    const id = pick(own, 'Identifier');
    const matchers: Matcher[] = [];
    const list = pick(own, 'LabelMatchers');
    for (const m of list ? children(list) : []) {
      if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') {
        if (m.name === 'QuotedLabelName') matchers.push({ label: '__name__', op: '=', value: unquote(text(m)), from: m.from, to: m.to });
        continue;
      }
      const parts = children(m);
      const label = pick(parts, 'LabelName') ?? pick(parts, 'QuotedLabelName');
      const op = pick(parts, 'MatchOp');
      const value = pick(parts, 'StringLiteral');
      if (!label || !op || !value) continue;
      matchers.push({ label: label.name === 'QuotedLabelName' ? unquote(text(label)) : text(label), op: text(op).trim() as Matcher['op'], value: unquote(text(value)), from: m.from, to: m.to });
    }
    const nameMatcher = matchers.find((m) => m.label === '__name__' && m.op === '=');
    return { name: id ? text(id) : nameMatcher?.value ?? null, matchers: matchers.filter((m) => m !== nameMatcher || id), from: n.from, to: n.to, text: text(n) };
  };

  /** Returns the labels `n`'s result keeps; records facts on the way. */
  const walk = (n: SyntaxNode, fn: string | null, selectorsOut: Selector[]): LabelSet => {
    switch (n.name) {
      case 'PromQL': {
        const c = n.firstChild;
        return c ? walk(c, fn, selectorsOut) : { exact: new Set() };
      }
      case 'VectorSelector': {
        const s = selectorOf(n);
        facts.selectors.push(s);
        selectorsOut.push(s);
        return { anyExcept: new Set(['__name__']) };
      }
      case 'MatrixSelector': {
        const own = children(n);
        const inner = own[0];
        const dur = pick(own, 'DurationExpr');
        const seconds = dur ? parsePrometheusDurationSeconds(text(dur).trim()) : null;
        if (dur && seconds !== null) facts.ranges.push({ seconds, fn, from: dur.from, to: dur.to, text: text(dur) });
        return inner ? walk(inner, fn, selectorsOut) : { anyExcept: new Set() };
      }
      case 'SubqueryExpr': {
        const own = children(n);
        const dur = pick(own, 'DurationExpr');
        const seconds = dur ? parsePrometheusDurationSeconds(text(dur).trim()) : null;
        if (dur && seconds !== null) facts.ranges.push({ seconds, fn: null, from: dur.from, to: dur.to, text: text(dur) });
        const inner = own[0];
        return inner ? walk(inner, null, selectorsOut) : { anyExcept: new Set() };
      }
      case 'ParenExpr': case 'OffsetExpr': case 'StepInvariantExpr': case 'UnaryExpr': case 'AnchoredExpr': case 'SmoothedExpr': {
        let result: LabelSet = { exact: new Set() };
        for (const c of children(n)) if (!skipChildren.has(c.name) && c.name !== 'Sub' && c.name !== 'Add') result = walk(c, fn, selectorsOut);
        return result;
      }
      case 'FunctionCall': {
        const own = children(n);
        const id = pick(own, 'FunctionIdentifier');
        const name = id ? text(id) : '';
        facts.functions.push({ name, from: n.from, to: n.to });
        const body = pick(own, 'FunctionCallBody');
        const args = body ? children(body) : [];
        const argLabels = args.map((a) => walk(a, name, selectorsOut));
        const first = argLabels.find((l) => 'anyExcept' in l || l.exact.size > 0) ?? { exact: new Set<string>() };
        if (name === 'vector' || name === 'time' || name === 'scalar' || name === 'pi') return { exact: new Set() };
        if (name === 'absent' || name === 'absent_over_time') {
          const s = args[0] ? facts.selectors.find((x) => x.from >= args[0]!.from && x.to <= args[0]!.to) : undefined;
          return { exact: new Set(s ? s.matchers.filter((m) => m.op === '=' && m.label !== '__name__').map((m) => m.label) : []) };
        }
        if ((name === 'label_replace' || name === 'label_join') && args[1]?.name === 'StringLiteral') {
          facts.introducedLabels.add(unquote(text(args[1])));
          return addLabel(first, unquote(text(args[1])));
        }
        if (name === 'histogram_quantile') return removeLabel(argLabels[1] ?? first, 'le');
        return first;
      }
      case 'AggregateExpr': {
        const own = children(n);
        const op = pick(own, 'AggregateOp');
        const opName = op ? text(op).toLowerCase() : '';
        const modifier = pick(own, 'AggregateModifier');
        const modifierParts = modifier ? children(modifier) : [];
        const labelsNode = pick(modifierParts, 'GroupingLabels');
        const labels = modifier ? grouping(labelsNode) : [];
        const isBy = !!pick(modifierParts, 'By');
        const isWithout = !!pick(modifierParts, 'Without');
        const body = pick(own, 'FunctionCallBody');
        const args = body ? children(body) : [];
        const under: Selector[] = [];
        const argLabels = args.map((a) => walk(a, null, under));
        selectorsOut.push(...under);
        facts.aggregations.push({ op: opName, by: isBy ? labels : null, without: isWithout ? labels : null, labelsFrom: labelsNode?.from ?? n.from, labelOffsets: labelsNode ? pickAll(children(labelsNode), 'LabelName').map((l) => l.from) : [], selectors: under });
        const inner = argLabels[argLabels.length - 1] ?? { exact: new Set<string>() };
        if (['topk', 'bottomk', 'limitk', 'limit_ratio'].includes(opName)) return inner;
        let out: LabelSet = isBy ? { exact: new Set(labels) } : isWithout ? ('exact' in inner ? { exact: new Set([...inner.exact].filter((l) => !labels.includes(l))) } : { anyExcept: new Set([...inner.anyExcept, ...labels, '__name__']) }) : { exact: new Set() };
        if (opName === 'count_values' && args[0]?.name === 'StringLiteral') {
          facts.introducedLabels.add(unquote(text(args[0])));
          out = addLabel(out, unquote(text(args[0])));
        }
        return out;
      }
      case 'BinaryExpr': {
        const own = children(n);
        const left = own[0] ?? null;
        const right = own[own.length - 1] ?? null;
        const ops = own.slice(1, -1);
        const opNode = ops.find((c) => !skipChildren.has(c.name));
        const opName = opNode?.name ?? '';
        if (comparisonOps.has(opName) && !pick(own, 'BoolModifier')) facts.hasComparison = true;
        const l = left ? walk(left, null, selectorsOut) : { exact: new Set<string>() };
        const r = right ? walk(right, null, selectorsOut) : { exact: new Set<string>() };
        const lScalar = left ? isScalarNode(left) : true;
        const rScalar = right ? isScalarNode(right) : true;
        if (lScalar && !rScalar) return r;
        if (rScalar) return l;
        if (opName === 'Or') return 'exact' in l && 'exact' in r ? { exact: new Set([...l.exact, ...r.exact]) } : { anyExcept: new Set() };
        const clause = pick(own, 'MatchingModifierClause');
        const clauseParts = clause ? children(clause) : [];
        const groupLists = pickAll(clauseParts, 'GroupingLabels');
        const include = groupLists[1] ? grouping(groupLists[1]) : [];
        if (pick(clauseParts, 'GroupRight')) return include.reduce(addLabel, r);
        return include.reduce(addLabel, l);
      }
      case 'NumberDurationLiteral': case 'StringLiteral':
        return { exact: new Set() };
      default: {
        let result: LabelSet = { exact: new Set() };
        for (const c of children(n)) if (!skipChildren.has(c.name)) result = walk(c, fn, selectorsOut);
        return result;
      }
    }
  };
  const isScalarNode = (n: SyntaxNode): boolean => {
    if (n.name === 'NumberDurationLiteral') return true;
    if (n.name === 'ParenExpr' || n.name === 'UnaryExpr') { const c = children(n).find((x) => x.name !== 'Sub' && x.name !== 'Add'); return c ? isScalarNode(c) : false; }
    if (n.name === 'FunctionCall') { const id = childNamed(n, 'FunctionIdentifier'); return !!id && ['scalar', 'time', 'pi'].includes(text(id)); }
    if (n.name === 'BinaryExpr') { const own = children(n); return own.length > 0 && isScalarNode(own[0]!) && isScalarNode(own[own.length - 1]!); }
    return false;
  };
  facts.output = walk(tree.topNode, null, []);
  const top = tree.topNode.firstChild;
  facts.isConstant = !!top && (isScalarNode(top) || (top.name === 'FunctionCall' && /^vector\s*\(\s*[-+]?[\d.]+\s*\)$/.test(text(top))));
  return facts;
}

export function addLabel(set: LabelSet, label: string): LabelSet {
  return 'exact' in set ? { exact: new Set([...set.exact, label]) } : { anyExcept: new Set([...set.anyExcept].filter((l) => l !== label)) };
}

export function removeLabel(set: LabelSet, label: string): LabelSet {
  return 'exact' in set ? { exact: new Set([...set.exact].filter((l) => l !== label)) } : { anyExcept: new Set([...set.anyExcept, label]) };
}

/** True when a result with these labels can carry `label`. */
export function keepsLabel(set: LabelSet, label: string): boolean {
  return 'exact' in set ? set.exact.has(label) : !set.anyExcept.has(label);
}
