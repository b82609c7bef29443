/**
 * A recursive-descent parser of the common PromQL into a compact tree shaped like the Lezer
 * grammar's (@prometheus-io/lezer-promql, whose tree the UI's type checker and our facts read): the
 * same nodes over the same offsets, so what is computed on one is computed on the other. Lezer's
 * own quirks are kept (`-1` at the end of a query is one number, elsewhere a unary minus on `1`;
 * `offset`, `@` and ranges apply to everything before them), and where its choice is not certain
 * the parser returns null (the query then goes to Lezer): a sign before a sign, a keyword as a
 * metric name, quoted label names, duration arithmetic, a postfix after a signed number…
 */
import { tokenizePromql, type Token } from './promql-lexer.js';

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
const precedenceOf = new Map(Object.entries(precedence));
const labelName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const matchOps = new Set(['=', '!=', '=~', '!~']);
// Deeper nesting is left to Lezer (the walks of the tree recurse, and the stack is not endless).
const maxDepth = 200;

class Unsure extends Error {}
const unsure = new Unsure();

/**
 * The tree of `expr`, or null when it is not certainly valid PromQL that Lezer reads into the same
 * tree. `isFunction(name)` says which names are callable functions.
 */
export function parsePromqlAst(expr: string, isFunction: (name: string) => boolean): AstNode | null {
  const tokens = tokenizePromql(expr);
  if (!tokens || tokens.length === 0) return null;
  let i = 0;
  let depth = 0;
  const peek = (): Token | undefined => tokens[i];
  const next = (): Token => tokens[i++] ?? fail();
  const isOp = (t: Token | undefined, text: string) => t !== undefined && t.kind === 'op' && t.text === text;
  /** Is the next token operator `text`? */
  const opNext = (text: string) => { const t = tokens[i]; return t !== undefined && t.kind === 'op' && t.text === text; };
  const isWord = (t: Token | undefined, text: string) => t !== undefined && t.kind === 'id' && t.text === text;
  const expect = (text: string): Token => { const t = next(); if (t.kind !== 'op' || t.text !== text) fail(); return t; };
  function fail(): never { throw unsure; }

  /** The binary operator at `t`, if any; a keyword operator in another case than lower is unsure. */
  const binaryOp = (t: Token | undefined): string | null => {
    if (!t) return null;
    if (t.kind === 'op') return precedenceOf.has(t.text) && t.text !== '=' ? t.text : null;
    if (t.kind !== 'id') return null;
    const lower = t.lower;
    if (lower === 'and' || lower === 'or' || lower === 'unless' || lower === 'atan2') return lower === t.text ? lower : fail();
    return null;
  };

  const grouping = (): Grouping => {
    const open = expect('(');
    const labels: string[] = [];
    const offsets: number[] = [];
    while (!opNext(')')) {
      const t = next();
      if (t.kind !== 'id' || !labelName.test(t.text)) fail();
      labels.push(t.text);
      offsets.push(t.from);
      if (opNext(',')) i++;
      else if (!opNext(')')) fail();
    }
    return { labels, offsets, from: open.from, to: next().to };
  };

  const matchers = (): { list: AstMatcher[]; to: number } => {
    expect('{');
    const list: AstMatcher[] = [];
    while (!opNext('}')) {
      const label = next();
      const op = next();
      const value = next();
      if (label.kind !== 'id' || !labelName.test(label.text) || op.kind !== 'op' || !matchOps.has(op.text) || value.kind !== 'string') fail();
      list.push({ label: label.text, op: op.text as AstMatcher['op'], quoted: value.text, from: label.from, to: value.to });
      if (opNext(',')) i++;
      else if (!opNext('}')) fail();
    }
    return { list, to: next().to };
  };

  /** A duration written as one token: with units (`5m`, `1h30m`) or seconds (`300`); anything else (arithmetic, `step()`…) is unsure. */
  const duration = (): Duration => {
    const t = next();
    if (t.kind !== 'duration' && !(t.kind === 'number' && /^\d+(?:\.\d+)?$/.test(t.text))) fail();
    return { from: t.from, to: t.to, text: t.text };
  };

  const args = (): { list: AstNode[]; to: number } => {
    expect('(');
    const list: AstNode[] = [];
    if (!opNext(')')) {
      list.push(chain());
      while (opNext(',')) { i++; list.push(chain()); }
    }
    return { list, to: expect(')').to };
  };

  /** `by (…)` or `without (…)`, if next. */
  const aggregationModifier = (): { modifier: 'by' | 'without'; grouping: Grouping } | null => {
    const t = peek();
    if (t?.kind !== 'id' || (t.lower !== 'by' && t.lower !== 'without')) return null;
    if (t.text !== 'by' && t.text !== 'without') fail();
    i++;
    return { modifier: t.text, grouping: grouping() };
  };

  const aggregation = (op: Token): AstNode => {
    const before = aggregationModifier();
    const body = args();
    const after = before ? null : aggregationModifier();
    const modifier = before ?? after;
    return { kind: 'aggregation', op: op.text, modifier: modifier?.modifier ?? null, grouping: modifier?.grouping ?? null, args: body.list, from: op.from, to: after ? after.grouping.to : body.to };
  };

  const selector = (name: Token | null): AstNode => {
    const from = name?.from ?? peek()!.from;
    if (!opNext('{')) return { kind: 'selector', name: name!.text, matchers: [], from, to: name!.to };
    const { list, to } = matchers();
    return { kind: 'selector', name: name?.text ?? null, matchers: list, from, to };
  };

  const primary = (): AstNode => {
    const t = next();
    if (t.kind === 'number' || t.kind === 'duration') return { kind: 'number', from: t.from, to: t.to };
    if (t.kind === 'string') return { kind: 'string', quoted: t.text, from: t.from, to: t.to };
    if (t.kind === 'op') {
      if (t.text === '(') {
        const inner = chain();
        return { kind: 'paren', inner, from: t.from, to: expect(')').to };
      }
      if (t.text === '{') { i--; return selector(null); }
      return fail();
    }
    const lower = t.lower;
    if (reserved.has(lower)) fail();
    const call = opNext('(');
    if (aggregationOps.has(lower) && (call || isWord(peek(), 'by') || isWord(peek(), 'without'))) return lower === t.text ? aggregation(t) : fail();
    if (call) {
      if (!isFunction(t.text)) fail();
      const body = args();
      return { kind: 'call', name: t.text, args: body.list, from: t.from, to: body.to };
    }
    if (contextual.has(lower) || isFunction(lower)) fail();
    return selector(t);
  };

  const postfixStarts = (t: Token | undefined) => isOp(t, '[') || isOp(t, '@') || (t?.kind === 'id' && t.lower === 'offset');

  /** `offset`, `@`, a range or a subquery after `node`. */
  const postfix = (start: AstNode): AstNode => {
    let node = start;
    for (;;) {
      const t = peek();
      if (isOp(t, '[')) {
        i++;
        const range = duration();
        if (opNext(']')) {
          if (node.kind !== 'selector') fail(); // Prometheus allows a range on a selector only
          node = { kind: 'matrix', inner: node, range, from: node.from, to: next().to };
          continue;
        }
        expect(':');
        const step = opNext(']') ? null : duration();
        node = { kind: 'subquery', inner: node, range, step, from: node.from, to: expect(']').to };
      } else if (isOp(t, '@')) {
        i++;
        const at = next();
        if (at.kind === 'number' && /^\d+(?:\.\d+)?$/.test(at.text)) {
          node = { kind: 'at', inner: node, number: true, from: node.from, to: at.to };
        } else if (at.kind === 'id' && (at.text === 'start' || at.text === 'end')) {
          expect('(');
          node = { kind: 'at', inner: node, number: false, from: node.from, to: expect(')').to };
        } else fail();
      } else if (t?.kind === 'id' && t.text === 'offset') {
        i++;
        if (opNext('-')) i++;
        node = { kind: 'offset', inner: node, from: node.from, to: duration().to };
      } else if (postfixStarts(t)) {
        fail();
      } else return node;
    }
  };

  /** One operand: a signed number, a unary expression or a primary. */
  const operand = (powRight: boolean): AstNode => {
    const t = peek();
    if (!isOp(t, '-') && !isOp(t, '+')) return primary();
    if (powRight) fail();
    i++;
    const u = peek();
    if (isOp(u, '-') || isOp(u, '+')) fail();
    if (u && (u.kind === 'number' || u.kind === 'duration')) {
      i++;
      // Lezer's reading of a signed number: one literal at the very end, a unary minus elsewhere.
      if (opNext('^') || postfixStarts(peek())) fail();
      return i === tokens.length ? { kind: 'number', from: t!.from, to: u.to } : { kind: 'unary', inner: { kind: 'number', from: u.from, to: u.to }, from: t!.from, to: u.to };
    }
    const inner = expression(precedence['^']!, false);
    return { kind: 'unary', inner, from: t!.from, to: inner.to };
  };

  /** Operators of at least `minPrecedence` after `start` (`^` binds to the right, the others to the left). */
  const expression = (minPrecedence: number, powRight: boolean, start?: AstNode): AstNode => {
    if (++depth > maxDepth) fail();
    let left = start ?? operand(powRight);
    for (;;) {
      const op = binaryOp(peek());
      if (op === null || precedence[op]! < minPrecedence) { depth--; return left; }
      i++;
      let bool = false;
      let matching: Matching | null = null;
      if (peek()?.kind === 'id' && peek()!.lower === 'bool') { if (next().text !== 'bool') fail(); bool = true; }
      const m = peek();
      if (m?.kind === 'id' && (m.lower === 'on' || m.lower === 'ignoring')) {
        if (m.text !== 'on' && m.text !== 'ignoring') fail();
        i++;
        const labels = grouping().labels;
        let group: 'left' | 'right' | null = null;
        let include: Grouping | null = null;
        const g = peek();
        if (g?.kind === 'id' && (g.lower === 'group_left' || g.lower === 'group_right')) {
          if (g.text !== 'group_left' && g.text !== 'group_right') fail();
          i++;
          group = g.text === 'group_left' ? 'left' : 'right';
          if (opNext('(')) include = grouping();
        }
        matching = { on: m.text === 'on', labels, group, include };
      }
      const p = precedence[op]!;
      const right = op === '^' ? expression(p, true) : expression(p + 1, false);
      left = { kind: 'binary', op, bool, matching, left, right, from: left.from, to: right.to };
    }
  };

  /**
   * A whole expression (of the query, in parentheses, an argument). Lezer applies `offset`, `@`, a
   * range or a subquery to everything before it there: `a + b offset 5m` is `(a + b) offset 5m`.
   */
  const chain = (): AstNode => {
    let node = expression(0, false);
    while (postfixStarts(peek())) node = expression(0, false, postfix(node));
    return node;
  };

  try {
    const tree = chain();
    return i === tokens.length ? tree : null;
  } catch (e) {
    if (e === unsure) return null;
    throw e;
  }
}
