/**
 * A recursive-descent parser of the common PromQL into a compact tree shaped like the Lezer
 * grammar's (@prometheus-io/lezer-promql, whose tree the UI's type checker and our facts read): the
 * same nodes over the same offsets, so what is computed on one is computed on the other. Lezer's
 * own quirks are kept (`-1` at the end of a query is one number, elsewhere a unary minus on `1`;
 * `offset`, `@` and ranges apply to everything before them), and where its choice is not certain
 * the parser returns null (the query then goes to Lezer): a sign before a sign, a keyword as a
 * metric name, quoted label names, duration arithmetic, a postfix after a signed number…
 */
import { lexed, lexPromql, opEq, opGe, opLe, opNe, opNre, opRe, tokenDuration, tokenId, tokenNumber, tokenString } from './promql-lexer.js';

export interface Span { from: number; to: number }
export interface AstMatcher extends Span { label: string; op: '=' | '!=' | '=~' | '!~'; /** As written, quotes included. */ quoted: string }
export interface Grouping extends Span { labels: string[]; offsets: number[] }
export interface Matching { on: boolean; labels: string[]; group: 'left' | 'right' | null; include: Grouping | null }
/** A duration as written between brackets or after `offset`. */
export type Duration = Span & { text: string };

export type AstNode = Span & (
  | { kind: 'number' }
  | { kind: 'string'; quoted: string }
  | { kind: 'selector'; name: string | null; matchers: AstMatcher[] }
  | { kind: 'matrix'; inner: AstNode; range: Duration }
  | { kind: 'subquery'; inner: AstNode; range: Duration; step: Duration | null }
  | { kind: 'offset'; inner: AstNode }
  | { kind: 'at'; inner: AstNode; /** `@ 1700000000` (a number node in the tree), not `@ start()`. */ number: boolean }
  | { kind: 'paren'; inner: AstNode }
  | { kind: 'unary'; inner: AstNode }
  /** `expr anchored` / `expr smoothed` (experimental; from Lezer's tree only). */
  | { kind: 'anchored'; inner: AstNode }
  | { kind: 'call'; name: string; args: AstNode[] }
  | { kind: 'aggregation'; op: string; modifier: 'by' | 'without' | null; grouping: Grouping | null; args: AstNode[] }
  | { kind: 'binary'; op: string; bool: boolean; matching: Matching | null; left: AstNode; right: AstNode }
);

/** Aggregation operators (Lezer reads them in any case; only lower case is taken here). */
const aggregationOps = new Set(['avg', 'bottomk', 'count', 'count_values', 'group', 'max', 'min', 'quantile', 'limitk', 'limit_ratio', 'stddev', 'stdvar', 'sum', 'topk']);
// Words Lezer always reads as keywords (any case), and words it reads as keywords where one fits:
// neither is taken as a metric name here.
const reserved = new Set(['bool', 'ignoring', 'on', 'group_left', 'group_right', 'offset', 'inf', 'nan']);
const contextual = new Set([...aggregationOps, 'atan2', 'by', 'without', 'and', 'or', 'unless', 'start', 'end', 'smoothed', 'anchored', 'fill', 'fill_left', 'fill_right', 'step', 'range', 'min_of', 'max_of']);
const precedence: Record<string, number> = { or: 1, and: 2, unless: 2, '==': 3, '!=': 3, '<=': 3, '<': 3, '>=': 3, '>': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, atan2: 5, '^': 6 };
const labelName = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Deeper nesting is left to Lezer (the walks of the tree recurse, and the stack is not endless).
const maxDepth = 200;

class Unsure extends Error {}
const unsure = new Unsure();

// Operator tokens (promql-lexer.ts: a one-character operator is its character code).
const minus = 45;
const plus = 43;
const caret = 94;
const at = 64;
const comma = 44;
const colon = 58;
const equals = 61;
const lparen = 40;
const rparen = 41;
const lbrace = 123;
const rbrace = 125;
const lbracket = 91;
const rbracket = 93;
/** Binary operators among the operator tokens (`=` is not one). */
const binaryOperatorTokens = new Set([opEq, opNe, opLe, 60, opGe, 62, plus, minus, 42, 47, 37, caret]);
const plainNumber = /^\d+(?:\.\d+)?$/;

// The parse in progress (one at a time; module state rather than closures made per query): the
// token arrays of promql-lexer.ts, the number of tokens, the next token, the nesting depth.
let kind = lexed.kind;
let from = lexed.from;
let to = lexed.to;
let text = lexed.text;
let lower = lexed.lower;
let count = 0;
let i = 0;
let depth = 0;
let isFunction: (name: string) => boolean = () => false;

function fail(): never { throw unsure; }
function next(): number { if (i >= count) fail(); return i++; }
function expect(op: number): number { const t = next(); if (kind[t] !== op) fail(); return t; }
const isWordAt = (t: number, word: string) => kind[t] === tokenId && text[t] === word;

/** The binary operator at token `t`, if any; a keyword operator in another case than lower is unsure. */
function binaryOp(t: number): string | null {
  const k = kind[t]!;
  if (k === tokenId) {
    const l = lower[t]!;
    if (l === 'and' || l === 'or' || l === 'unless' || l === 'atan2') return l === text[t] ? l : fail();
    return null;
  }
  return binaryOperatorTokens.has(k) ? text[t]! : null;
}

function grouping(): Grouping {
  const open = expect(lparen);
  const labels: string[] = [];
  const offsets: number[] = [];
  while (kind[i] !== rparen) {
    const t = next();
    if (kind[t] !== tokenId || !labelName.test(text[t]!)) fail();
    labels.push(text[t]!);
    offsets.push(from[t]!);
    if (kind[i] === comma) i++;
    else if (kind[i] !== rparen) fail();
  }
  return { labels, offsets, from: from[open]!, to: to[next()]! };
}

/** The matchers between braces; the closing brace is token `i - 1` after. */
function matchers(): AstMatcher[] {
  expect(lbrace);
  const list: AstMatcher[] = [];
  while (kind[i] !== rbrace) {
    const label = next();
    const op = next();
    const value = next();
    const k = kind[op];
    if (kind[label] !== tokenId || !labelName.test(text[label]!) || (k !== equals && k !== opNe && k !== opRe && k !== opNre) || kind[value] !== tokenString) fail();
    list.push({ label: text[label]!, op: text[op] as AstMatcher['op'], quoted: text[value]!, from: from[label]!, to: to[value]! });
    if (kind[i] === comma) i++;
    else if (kind[i] !== rbrace) fail();
  }
  i++;
  return list;
}

/** A duration written as one token: with units (`5m`, `1h30m`) or seconds (`300`); anything else (arithmetic, `step()`…) is unsure. */
function duration(): Duration {
  const t = next();
  if (kind[t] !== tokenDuration && !(kind[t] === tokenNumber && plainNumber.test(text[t]!))) fail();
  return { from: from[t]!, to: to[t]!, text: text[t]! };
}

/** The arguments between parentheses; the closing one is token `i - 1` after. */
function args(): AstNode[] {
  expect(lparen);
  const list: AstNode[] = [];
  if (kind[i] !== rparen) {
    list.push(chain());
    while (kind[i] === comma) { i++; list.push(chain()); }
  }
  expect(rparen);
  return list;
}

/** `by (…)` or `without (…)`, if next. */
function aggregationModifier(): { modifier: 'by' | 'without'; grouping: Grouping } | null {
  const t = i;
  if (kind[t] !== tokenId || (lower[t] !== 'by' && lower[t] !== 'without')) return null;
  const word = text[t]!;
  if (word !== 'by' && word !== 'without') fail();
  i++;
  return { modifier: word, grouping: grouping() };
}

function aggregation(op: number): AstNode {
  const before = aggregationModifier();
  const body = args();
  const bodyTo = to[i - 1]!;
  const after = before ? null : aggregationModifier();
  const modifier = before ?? after;
  return { kind: 'aggregation', op: text[op]!, modifier: modifier?.modifier ?? null, grouping: modifier?.grouping ?? null, args: body, from: from[op]!, to: after ? after.grouping.to : bodyTo };
}

/** A selector after its name (token `name`), or, with `name` -1, from its brace. */
function selector(name: number): AstNode {
  const start = name >= 0 ? from[name]! : from[i]!;
  if (kind[i] !== lbrace) return { kind: 'selector', name: text[name]!, matchers: [], from: start, to: to[name]! };
  const list = matchers();
  return { kind: 'selector', name: name >= 0 ? text[name]! : null, matchers: list, from: start, to: to[i - 1]! };
}

function primary(): AstNode {
  const t = next();
  const k = kind[t];
  if (k === tokenNumber || k === tokenDuration) return { kind: 'number', from: from[t]!, to: to[t]! };
  if (k === tokenString) return { kind: 'string', quoted: text[t]!, from: from[t]!, to: to[t]! };
  if (k !== tokenId) {
    if (k === lparen) {
      const inner = chain();
      return { kind: 'paren', inner, from: from[t]!, to: to[expect(rparen)]! };
    }
    if (k === lbrace) { i--; return selector(-1); }
    return fail();
  }
  const l = lower[t]!;
  if (reserved.has(l)) fail();
  const call = kind[i] === lparen;
  if (aggregationOps.has(l) && (call || isWordAt(i, 'by') || isWordAt(i, 'without'))) return l === text[t] ? aggregation(t) : fail();
  if (call) {
    if (!isFunction(text[t]!)) fail();
    const body = args();
    return { kind: 'call', name: text[t]!, args: body, from: from[t]!, to: to[i - 1]! };
  }
  if (contextual.has(l) || isFunction(l)) fail();
  return selector(t);
}

const postfixStarts = (t: number) => kind[t] === lbracket || kind[t] === at || (kind[t] === tokenId && lower[t] === 'offset');

/** `offset`, `@`, a range or a subquery after `start`. */
function postfix(start: AstNode): AstNode {
  let node = start;
  for (;;) {
    const k = kind[i];
    if (k === lbracket) {
      i++;
      const range = duration();
      if (kind[i] === rbracket) {
        if (node.kind !== 'selector') fail(); // Prometheus allows a range on a selector only
        node = { kind: 'matrix', inner: node, range, from: node.from, to: to[next()]! };
        continue;
      }
      expect(colon);
      const step = kind[i] === rbracket ? null : duration();
      node = { kind: 'subquery', inner: node, range, step, from: node.from, to: to[expect(rbracket)]! };
    } else if (k === at) {
      i++;
      const a = next();
      if (kind[a] === tokenNumber && plainNumber.test(text[a]!)) {
        node = { kind: 'at', inner: node, number: true, from: node.from, to: to[a]! };
      } else if (kind[a] === tokenId && (text[a] === 'start' || text[a] === 'end')) {
        expect(lparen);
        node = { kind: 'at', inner: node, number: false, from: node.from, to: to[expect(rparen)]! };
      } else fail();
    } else if (k === tokenId && text[i] === 'offset') {
      i++;
      if (kind[i] === minus) i++;
      node = { kind: 'offset', inner: node, from: node.from, to: duration().to };
    } else if (postfixStarts(i)) {
      fail();
    } else return node;
  }
}

/** One operand: a signed number, a unary expression or a primary. */
function operand(powRight: boolean): AstNode {
  const t = i;
  if (kind[t] !== minus && kind[t] !== plus) return primary();
  if (powRight) fail();
  i++;
  const u = i;
  const ku = kind[u];
  if (ku === minus || ku === plus) fail();
  if (ku === tokenNumber || ku === tokenDuration) {
    i++;
    // Lezer's reading of a signed number: one literal at the very end, a unary minus elsewhere.
    if (kind[i] === caret || postfixStarts(i)) fail();
    return i === count ? { kind: 'number', from: from[t]!, to: to[u]! } : { kind: 'unary', inner: { kind: 'number', from: from[u]!, to: to[u]! }, from: from[t]!, to: to[u]! };
  }
  const inner = expression(precedence['^']!, false, null);
  return { kind: 'unary', inner, from: from[t]!, to: inner.to };
}

/** Operators of at least `minPrecedence` after `start` (`^` binds to the right, the others to the left). */
function expression(minPrecedence: number, powRight: boolean, start: AstNode | null): AstNode {
  if (++depth > maxDepth) fail();
  let left = start ?? operand(powRight);
  for (;;) {
    const op = binaryOp(i);
    if (op === null || precedence[op]! < minPrecedence) { depth--; return left; }
    i++;
    let bool = false;
    let matching: Matching | null = null;
    if (kind[i] === tokenId && lower[i] === 'bool') { if (text[next()] !== 'bool') fail(); bool = true; }
    const m = i;
    if (kind[m] === tokenId && (lower[m] === 'on' || lower[m] === 'ignoring')) {
      if (text[m] !== 'on' && text[m] !== 'ignoring') fail();
      i++;
      const labels = grouping().labels;
      let group: 'left' | 'right' | null = null;
      let include: Grouping | null = null;
      const g = i;
      if (kind[g] === tokenId && (lower[g] === 'group_left' || lower[g] === 'group_right')) {
        if (text[g] !== 'group_left' && text[g] !== 'group_right') fail();
        i++;
        group = text[g] === 'group_left' ? 'left' : 'right';
        if (kind[i] === lparen) include = grouping();
      }
      matching = { on: text[m] === 'on', labels, group, include };
    }
    const p = precedence[op]!;
    const right = op === '^' ? expression(p, true, null) : expression(p + 1, false, null);
    left = { kind: 'binary', op, bool, matching, left, right, from: left.from, to: right.to };
  }
}

/**
 * A whole expression (of the query, in parentheses, an argument). Lezer applies `offset`, `@`, a
 * range or a subquery to everything before it there: `a + b offset 5m` is `(a + b) offset 5m`.
 */
function chain(): AstNode {
  let node = expression(0, false, null);
  while (postfixStarts(i)) node = expression(0, false, postfix(node));
  return node;
}

/**
 * The tree of `expr`, or null when it is not certainly valid PromQL that Lezer reads into the same
 * tree. `isFunction(name)` says which names are callable functions.
 */
export function parsePromqlAst(expr: string, functionNames: (name: string) => boolean): AstNode | null {
  const n = lexPromql(expr);
  if (n <= 0) return null;
  ({ kind, from, to, text, lower } = lexed);
  count = n;
  i = 0;
  depth = 0;
  isFunction = functionNames;
  try {
    const tree = chain();
    return i === count ? tree : null;
  } catch (e) {
    if (e === unsure) return null;
    throw e;
  }
}
