/**
 * Whether the Prometheus UI's type checker (`@prometheus-io/codemirror-promql`'s `checkAST`, run by
 * promql-types.ts) finds nothing to say about a tree of promql-ast.ts: its rules, restated on our
 * tree, with the function signatures read from the same package. Answers only "well typed" (the
 * value type) or null; a query with anything to report goes to the UI's checker, which words it.
 */
import * as promqlTerms from '@prometheus-io/lezer-promql';
import { getFunction } from '@prometheus-io/codemirror-promql/dist/cjs/types/function.js';
import type { AstMatcher, AstNode } from './promql-ast.js';

export type ValueType = 'vector' | 'scalar' | 'matrix' | 'string';
interface Signature { name: string; argTypes: ValueType[]; variadic: number; returnType: ValueType }

// Left to the UI's checker: `info` (its own argument rule), the names Lezer also reads as duration
// or `@` keywords, and `ts_of_first_over_time` (two grammar terms, one without a signature).
const leftToChecker = new Set(['info', 'start', 'end', 'step', 'range', 'ts_of_first_over_time']);
let signatures: Map<string, Signature> | null = null;

/**
 * The signature of function `name` as the UI's checker knows it (keyed there by grammar term). The
 * grammar's package exports every term by number, the functions' among them; the grammar itself
 * (its parser, ~1 ms to deserialise) is not loaded for this, so a run whose queries the fast check
 * all takes never loads it.
 */
export function functionSignature(name: string): Signature | undefined {
  if (!signatures) {
    signatures = new Map();
    for (const id of Object.values(promqlTerms)) {
      if (typeof id !== 'number') continue;
      const s = getFunction(id) as Signature | undefined;
      if (s && !leftToChecker.has(s.name.toLowerCase())) signatures.set(s.name.toLowerCase(), s);
    }
  }
  return signatures.get(name);
}

const comparisons = new Set(['==', '!=', '<=', '<', '>=', '>']);
const setOperators = new Set(['and', 'or', 'unless']);
const scalarParameter = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio', 'quantile']);

class Diagnostic extends Error {}
const diagnostic = new Diagnostic();
function fail(): never { throw diagnostic; }

function checkSelector(name: string | null, matchers: AstMatcher[]): void {
  // The checker's rules, counted without building its list of matchers: the metric name set once
  // (as a name or a `__name__` matcher), and one matcher that does not match the empty string
  // (its `matchesEmpty`: `=""`, or any `!=` but `!=""`; a name never matches it).
  let named = 0;
  let allMatchEmpty = name === null;
  for (const m of matchers) {
    if (m.label === '__name__') named++;
    const empty = m.quoted.length === 2; // the value between its quotes is ''
    if (m.op === '=' ? !empty : m.op === '!=' ? empty : true) allMatchEmpty = false;
  }
  if (name !== null ? named > 0 : named > 1) fail(); // metric name set twice
  if (allMatchEmpty) fail(); // a selector must have one non-empty matcher
}

function expect(node: AstNode, want: ValueType): void {
  if (check(node) !== want) fail();
}

function check(n: AstNode): ValueType {
  switch (n.kind) {
    case 'number': return 'scalar';
    case 'string': return 'string';
    case 'selector': checkSelector(n.name, n.matchers); return 'vector';
    case 'matrix': check(n.inner); return 'matrix';
    case 'subquery': expect(n.inner, 'vector'); return 'matrix';
    case 'offset': case 'paren': return check(n.inner);
    case 'at': {
      const t = check(n.inner);
      return t === 'vector' || t === 'matrix' ? t : fail();
    }
    case 'anchored': return fail(); // never parsed by promql-ast.ts
    case 'unary': {
      const t = check(n.inner);
      return t === 'scalar' || t === 'vector' ? t : fail();
    }
    case 'call': {
      const s = functionSignature(n.name) ?? fail();
      const nargs = s.argTypes.length;
      if (s.variadic === 0 ? n.args.length !== nargs : nargs - 1 > n.args.length || (s.variadic > 0 && nargs - 1 + s.variadic < n.args.length)) fail();
      for (let i = 0; i < n.args.length; i++) expect(n.args[i]!, s.argTypes[Math.min(i, nargs - 1)]!);
      return s.returnType;
    }
    case 'aggregation': {
      const parameter = scalarParameter.has(n.op) ? 'scalar' : n.op === 'count_values' ? 'string' : null;
      // The checker does not count the arguments (`sum(a, b)` passes it, not Prometheus): left to it.
      if (n.args.length !== (parameter ? 2 : 1)) fail();
      expect(n.args[n.args.length - 1]!, 'vector');
      if (parameter) expect(n.args[0]!, parameter);
      return 'vector';
    }
    case 'binary': {
      const lt = check(n.left);
      const rt = check(n.right);
      const comparison = comparisons.has(n.op);
      const setOperator = setOperators.has(n.op);
      if (n.bool ? !comparison : lt === 'scalar' && rt === 'scalar' && comparison) fail();
      if ((lt !== 'scalar' && lt !== 'vector') || (rt !== 'scalar' && rt !== 'vector')) fail();
      const m = n.matching;
      if (m) {
        if (lt !== 'vector' || rt !== 'vector') fail(); // vector matching between instant vectors only
        if (m.on && m.include?.labels.some((l) => m.labels.includes(l))) fail();
        if (setOperator && m.group) fail();
      }
      if (setOperator && (lt === 'scalar' || rt === 'scalar')) fail();
      return lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector';
    }
  }
}

/** True when the UI's checker reports nothing on `tree`. */
export function isWellTyped(tree: AstNode): boolean {
  try {
    check(tree);
    return true;
  } catch (e) {
    if (e === diagnostic) return false;
    throw e;
  }
}
