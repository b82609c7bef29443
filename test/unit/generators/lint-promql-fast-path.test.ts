/**
 * The fast PromQL analysis (src/generators/lint/promql-fast-check.ts: our tokenizer, parser and
 * type rules) against the authority it stands in for, the Lezer grammar with the Prometheus UI's
 * type checker (analyzeWithLezer): whenever our parser gives a tree, Lezer parses the query without
 * error into the same tree (the same expression nodes over the same offsets); whenever the fast
 * path answers, the Lezer path finds no syntax or type problem and the same facts (one facts walk,
 * promql-ast-facts.ts, over our tree and over the one read off Lezer's). Checked on every query lint meets in
 * the conformance corpus and the broken and odd files, on queries written for Lezer's quirks, and
 * on thousands of seeded mutations of them (tokens dropped, duplicated, swapped or replaced,
 * function names changed, arguments added and removed, ranges added and removed, wrappers,
 * operators and modifiers inserted, truncation at token boundaries).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parser } from '@prometheus-io/lezer-promql';
import { getFunction } from '@prometheus-io/codemirror-promql/dist/cjs/types/function.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeWithLezer, blankPromqlComments } from '../../../src/generators/lint/lint-expression.js';
import { tokenizePromql } from '../../../src/generators/lint/promql-lexer.js';
import { lintFiles } from '../../../src/generators/lint/index.js';
import type { AstNode } from '../../../src/generators/lint/promql-ast.js';
import { analyzeFast, parsePromqlFast } from '../../../src/generators/lint/promql-fast-check.js';
import { functionSignature } from '../../../src/generators/lint/promql-ast-types.js';
import type * as FastCheck from '../../../src/generators/lint/promql-fast-check.js';
import { writeLintCorpus } from '../../fixtures/lint/generate-corpus.js';

// Every query lint analyses, as lint hands it over (Grafana variables substituted, comments blanked).
const met = vi.hoisted(() => ({ queries: [] as string[], record: false }));
vi.mock('../../../src/generators/lint/promql-fast-check.js', async (importOriginal) => {
  const actual = await importOriginal<typeof FastCheck>();
  return { ...actual, analyzeFast: (expr: string) => { if (met.record) met.queries.push(expr); return actual.analyzeFast(expr); } };
});

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'lint');
const work = mkdtempSync(join(tmpdir(), 'headroom-promql-fast-'));
const repo = join(import.meta.dirname, '..', '..', '..');
const lintQueries: Record<'corpus' | 'broken' | 'odd' | 'repo', string[]> = { corpus: [], broken: [], odd: [], repo: [] };

beforeAll(async () => {
  writeLintCorpus(join(work, 'corpus'));
  // `repo`: the repo's own rules, dashboards and SLO specs, and every fixture lint takes.
  const dirs = { corpus: [join(work, 'corpus')], broken: [join(fixtures, 'broken')], odd: [join(fixtures, 'odd')], repo: ['alerts', 'dashboards', 'slos', 'test/fixtures'].map((d) => join(repo, d)) };
  met.record = true;
  for (const name of ['corpus', 'broken', 'odd', 'repo'] as const) {
    met.queries = [];
    await lintFiles(dirs[name], { severities: ['critical', 'warning', 'info'] });
    lintQueries[name] = [...new Set(met.queries)];
  }
  met.record = false;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Queries written for the places where Lezer's reading is subtle; each valid unless marked. */
const handWritten = [
  '-1', '- 1', '-1 * a', 'a - -1', 'a > -1', '(a > -1)', 'a > -1 and b', 'vector(-1)', '-2^2', '2^-1', '- -1', '--a', '-(1)', '1 + -2 * 3',
  'a * -b ^ c', '-a ^ 2', 'a ^ b ^ c', 'a offset 5m + b', 'a + b offset 5m', '-a offset 5m', 'a + b[5m]', 'a + b[5m:1m]', 'x offset 5m[1m]',
  'a @ 10', 'a @ start()', 'a @ end() @ 10', 'a @ 10 offset 5m', 'a offset 5m @ 10', 'a offset -5m', 'a offset 1h30m', 'a offset 5m offset 1m', 'a[5m] @ 10',
  'rate(a[5m] offset 1m)', 'x[5m:1m] offset 1m', 'rate(a[5m])[10m:]', '(a)[5m:]', 'a[5m][10m:]', 'a[1m:]', 'a[ 5m ]', 'a[5]', 'a offset 5', 'a[5m+1m]', 'a[1h30m]', 'a[0s]', 'a[5m:range()]',
  'sum', 'sum + 1', 'by', 'rate', 'on', 'offset', 'bool', 'Inf', '-Inf', 'nan', 'NaN', '0x1f', '1e3', '.5', '1_000', '1h', '`x`', "'x'", '"x"',
  'a{b="c"}', 'a{b="c",}', '{__name__="a"}', '{__name__="a", b="c"}', 'a{__name__="b"}', '{}', 'a{}', '{a=""}', '{a!=""}', '{a=~".*"}', '{"a"}', 'a{"b"="c"}', 'a:b:c', ':a',
  'a{on="x"}', 'a{bool="x"}', 'sum by (on) (a)', 'sum by (offset)(a)', 'sum by (a, b,) (x)', 'sum by () (x)', 'SUM BY (x) (a)', 'Sum(a)', 'a AND b', 'RATE(a[5m])', 'foo(a)',
  'sum(a) by (x)', 'sum by (x) (a) by (y)', 'sum(a, b)', 'sum()', 'topk(5, a)', 'topk(a)', 'topk by (x) (3, a)', 'quantile(0.9, a)', 'count_values("v", a)', 'count_values(1, a)', 'limitk(2, a)', 'limit_ratio(0.5, a)',
  'a > bool 1', '1 > 2', '1 > bool 2', '1 < bool 2 == bool 3', 'a == bool -1', 'a + bool b', 'time() > bool 5', 'a * on(x) group_left b', 'a * on(x) group_left(y, z) b', 'a * on(x) group_left(x) b',
  'a * ignoring(x) group_right(y) b', 'a and on(x) b', 'a and on(x) group_left b', 'a or b', 'a unless b or c', '1 and a', 'a + on(x) 1', 'a * on() group_left() b', 'a atan2 b', 'a ATAN2 b',
  'a > 0 < 2', 'absent(a{b="c", d=~"e"})', 'absent_over_time(a{b="c"}[5m])', 'label_replace(a, "dst", "$1", "src", "(.*)")', "label_join(a, 'x', ',', 'y', 'z')", 'histogram_quantile(0.9, sum by (le) (rate(a[5m])))',
  'round(a)', 'round(a, 1)', 'round(a, 1, 2)', 'sort_by_label(a, "x", "y")', 'pi()', 'time()', 'scalar(a)', 'vector(1)', 'vector(time())', 'clamp(a, 0, 1)', 'clamp(a)', 'rate(a)', 'rate(a[5m], 1)', 'abs(a[5m])',
  'info(a)', 'cosh(a)', 'ts_of_first_over_time(a[5m])', 'day_of_week()', 'quantile_over_time(0.5, a[5m])', 'predict_linear(a[1h], 3600)', 'holt_winters(a[1h], 0.5, 0.5)', 'a # comment', 'a </ b', 'a >/ b',
  'sum by ("a", b) (x)', 'a * on("x") group_left("y") b', 'a * on(x) fill_left(1) b', 'a + fill(0) b', '{"a", b="c"}', 'x @ -10', 'count(x) by (a) offset 1h + 1', 'sum(x, y) by (z)',
  'a[5m:step()]', 'a[min_of(5m, 1h)]', 'a[(5m)]', 'rate(a[5m] smoothed)', 'a anchored + 1', 'a offset 1h / a offset 1w', 'topk(3, sum) or on() vector(1)',
  'a + b offset 5m * c', 'a * b + c offset 5m', 'a or b and c offset 1h', 'sum(a + b offset 5m)', 'a + b @ start()', 'a + b offset 5m offset 1h', '-a @ 10', 'a + b offset 5m > bool 1',
  'a > bool b offset 5m', 'a + - b offset 5m', '-1 offset 5m', '(a + b)[5m:] offset 1h * 2', 'a ^ b offset 5m ^ c',
  'sum by (bool) (a)', 'sum by (inf) (a)', 'a{inf="x"}', 'a{bool="x"}', 'sum by (sum) (a)', 'a{by="x"}', 'a * on(on) b', 'a * on(x) group_left(group_left) b', 'a{offset="x"} offset 5m',
  'a{b="\\x"}', "a{b='\\'x'}", 'a{b="\\u00e9"}', 'label_replace(a, "x\\n", "", "b", "")', `${'('.repeat(300)}a${')'.repeat(300)}`, `${'a ^ '.repeat(300)}a`,
  'rate(a[300])', 'a[5m:30]', 'a offset 60', 'a[1.5]', 'a[0]', 'a[1e3]', 'a[0x10]', 'a[inf]', 'rate(a[300]) offset -30',
  '-a[5m]', 'rate(-a[5m])', '-"x"', '"x" + 1', 'a[5m] + 1', 'sum(a[5m])', 'a @ "x"', '1 @ 10', '(a + b)[5m:1m]', 'a > bool on(x) b', 'a + fill(0) b', 'a smoothed', 'rate(a[5m] anchored)',
];

/** A seeded pseudo-random generator (mulberry32): the same mutations on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fragments = [
  '+', '-', '*', '/', '%', '^', '==', '!=', '>', '<', '>=', '<=', 'and', 'or', 'unless', 'atan2', 'bool', 'on(job)', 'ignoring(instance)', 'group_left', 'group_right(pod)', 'group_left(job)',
  'by (job)', 'without (instance)', 'offset 5m', 'offset -1h', '@ start()', '@ end()', '@ 1700000000', '[5m]', '[5m:1m]', '[1h:]', '[1h30m]', '1', '-1', '0.5', '0x1f', '1e3', 'Inf', '5m',
  '"x"', "''", 'up', '{job="x"}', 'a{b=~"c.*"}', '{__name__="m"}', '(', ')', ',', '{', '}', '[', ']', ':', 'sum', 'rate', 'topk', 'count_values', 'vector(1)', 'time()', '-', 'le',
];
const callees = ['rate', 'irate', 'increase', 'delta', 'deriv', 'abs', 'absent', 'absent_over_time', 'ceil', 'clamp', 'clamp_max', 'clamp_min', 'histogram_quantile', 'label_replace', 'label_join', 'round',
  'scalar', 'vector', 'time', 'pi', 'sort', 'sort_by_label', 'max_over_time', 'quantile_over_time', 'predict_linear', 'sum', 'avg', 'count', 'max', 'min', 'topk', 'bottomk', 'quantile', 'count_values', 'group',
  'stddev', 'limitk', 'info', 'timestamp', 'day_of_week', 'foo', 'Rate'];
const wrappers: ((q: string) => string)[] = [
  (q) => `sum by (job) (${q})`, (q) => `sum(${q}) without (instance)`, (q) => `rate(${q}[5m])`, (q) => `-(${q})`, (q) => `-${q}`, (q) => `(${q}) > bool 1`, (q) => `(${q}) > 1`, (q) => `${q} offset 5m`,
  (q) => `topk(3, ${q})`, (q) => `count_values("value", ${q})`, (q) => `absent(${q})`, (q) => `label_replace(${q}, "a", "$1", "b", "(.*)")`, (q) => `histogram_quantile(0.9, ${q})`, (q) => `(${q})[5m:]`,
  (q) => `vector(1) or ${q}`, (q) => `${q} * on(job) group_left(pod) kube_pod_info`, (q) => `${q} and ignoring(le) up`, (q) => `scalar(${q})`, (q) => `1 - ${q}`, (q) => `${q} ^ 2`, (q) => `max_over_time((${q})[1h:5m])`,
  (q) => `${q} @ end()`, (q) => `clamp_min(${q}, 0)`, (q) => `${q} / ${q}`, (q) => `(${q}) unless on() vector(0)`,
];

/** One random mutation of `query`, on its tokens (or its characters when our tokenizer gives up). */
function mutate(query: string, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const tokens = tokenizePromql(query)?.map((t) => ({ text: t.text, kind: t.kind }));
  if (!tokens || tokens.length === 0) {
    const at = Math.floor(random() * (query.length + 1));
    return query.slice(0, at) + pick(fragments) + query.slice(at + Math.floor(random() * 3));
  }
  const i = Math.floor(random() * tokens.length);
  const texts = tokens.map((t) => t.text);
  const join = (list: string[]) => list.join(' ');
  switch (Math.floor(random() * 9)) {
    case 0: return join(texts.filter((_, j) => j !== i));
    case 1: return join(texts.flatMap((t, j) => (j === i ? [t, t] : [t])));
    case 2: return i + 1 < texts.length ? join(texts.map((t, j) => (j === i ? texts[i + 1]! : j === i + 1 ? texts[i]! : t))) : join(texts.slice(1));
    case 3: { // another function or aggregation
      const calls = tokens.flatMap((t, j) => (t.kind === 'id' && texts[j + 1] === '(' ? [j] : []));
      const j = calls.length ? pick(calls) : i;
      return join(texts.map((t, k) => (k === j ? pick(callees) : t)));
    }
    case 4: { // an argument more or less
      const commas = texts.flatMap((t, j) => (t === ',' ? [j] : []));
      if (commas.length && random() < 0.5) { const j = pick(commas); return join([...texts.slice(0, j), ...texts.slice(j + 2)]); }
      const opens = texts.flatMap((t, j) => (t === '(' ? [j] : []));
      if (!opens.length) return join([...texts, pick(fragments)]);
      const j = pick(opens);
      return join([...texts.slice(0, j + 1), pick(['1', '"x"', 'up', 'a[5m]', '0.5']), ',', ...texts.slice(j + 1)]);
    }
    case 5: { // range ↔ instant
      const ranges = texts.flatMap((t, j) => (t === '[' ? [j] : []));
      if (ranges.length && random() < 0.5) { const j = pick(ranges); const end = texts.indexOf(']', j); return join([...texts.slice(0, j), ...texts.slice(end + 1)]); }
      const ends = tokens.flatMap((t, j) => (t.text === '}' || (t.kind === 'id' && texts[j + 1] !== '(') ? [j] : []));
      const j = ends.length ? pick(ends) : i;
      return join([...texts.slice(0, j + 1), pick(['[5m]', '[1h:5m]', '[30s]', '[5m:]', ' offset 1h', ' @ start()']), ...texts.slice(j + 1)]);
    }
    case 6: return pick(wrappers)(query);
    case 7: { // an operator or modifier changed or inserted
      const ops = tokens.flatMap((t, j) => (t.kind === 'op' && '+-*/%^<>=!'.includes(t.text[0]!) ? [j] : []));
      if (ops.length && random() < 0.5) { const j = pick(ops); return join(texts.map((t, k) => (k === j ? pick(['+', '-', '*', '/', '^', '==', '>', '< bool', '> bool', 'and', 'or', 'unless', '* on(job)', '/ ignoring(pod) group_left', 'and on() group_right']) : t))); }
      return join([...texts.slice(0, i), pick(fragments), ...texts.slice(i)]);
    }
    default: return join(texts.slice(0, Math.max(1, i)));
  }
}

interface Outcome { accepted: number; valid: number; mismatches: string[] }

const lezerName: Record<AstNode['kind'], string> = {
  anchored: 'AnchoredExpr', number: 'NumberDurationLiteral', string: 'StringLiteral', selector: 'VectorSelector', matrix: 'MatrixSelector', subquery: 'SubqueryExpr', offset: 'OffsetExpr',
  at: 'StepInvariantExpr', paren: 'ParenExpr', unary: 'UnaryExpr', call: 'FunctionCall', aggregation: 'AggregateExpr', binary: 'BinaryExpr',
};
const expressionNames = new Set(Object.values(lezerName));

/** The expression nodes of our tree, in order, with their offsets. */
function astShape(n: AstNode, out: string[] = []): string[] {
  out.push(`${lezerName[n.kind]} ${n.from}-${n.to}`);
  if ('inner' in n) astShape(n.inner, out);
  if ('args' in n) for (const a of n.args) astShape(a, out);
  if (n.kind === 'binary') { astShape(n.left, out); astShape(n.right, out); }
  return out;
}

/** The expression nodes of Lezer's tree (not a matcher's string nor the time after `@`). */
function lezerShape(expr: string): string[] {
  const out: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      const parent = node.node.parent?.name ?? '';
      if (!expressionNames.has(node.name) || (node.name === 'StringLiteral' && /LabelMatcher|QuotedLabelName/.test(parent)) || (node.name === 'NumberDurationLiteral' && parent === 'StepInvariantExpr' && node.node.prevSibling)) return;
      out.push(`${node.name} ${node.from}-${node.to}`);
    },
  });
  return out;
}

/** Runs both paths on each query; every fast answer must be the Lezer path's answer. */
function compare(queries: Iterable<string>): Outcome {
  const outcome: Outcome = { accepted: 0, valid: 0, mismatches: [] };
  for (const query of queries) {
    const expr = blankPromqlComments(query);
    const fast = analyzeFast(expr);
    const lezer = analyzeWithLezer(expr);
    // Whenever our parser gives a tree (well typed or not), it is Lezer's, node for node.
    const tree = parsePromqlFast(expr);
    if (tree && (lezer.syntax || !isDeepStrictEqual(astShape(tree), lezerShape(expr)))) outcome.mismatches.push(`${JSON.stringify(expr)}: tree ${astShape(tree).join(', ')} vs Lezer ${lezerShape(expr).join(', ')} ${lezer.syntax?.message ?? ''}`);
    const clean = lezer.syntax === null && lezer.typeErrors.length === 0;
    if (clean) outcome.valid++;
    if (!fast) continue;
    outcome.accepted++;
    if (!clean || !isDeepStrictEqual({ syntax: null, typeErrors: [], facts: fast }, lezer)) outcome.mismatches.push(`${JSON.stringify(expr)}: Lezer ${JSON.stringify(lezer.syntax ?? lezer.typeErrors)}`);
  }
  return outcome;
}

describe('the fast PromQL analysis answers only as the Lezer grammar and the UI type checker do', () => {
  it('takes every valid query of the conformance corpus, the odd and broken files and the repo\'s own files, with the same facts', () => {
    expect(lintQueries.corpus.length).toBeGreaterThan(380);
    expect(lintQueries.repo.length).toBeGreaterThan(20);
    for (const name of ['corpus', 'odd', 'broken', 'repo'] as const) {
      const outcome = compare(lintQueries[name]);
      expect(outcome.mismatches, name).toEqual([]);
      // Every valid query is taken: the fast path saves Lezer's cold start only if it takes them all.
      expect(outcome.accepted, name).toBe(outcome.valid);
    }
    expect(compare(lintQueries.broken).valid).toBeLessThan(lintQueries.broken.length);
  });

  it('agrees on the queries written for Lezer quirks, and leaves the unsure ones to Lezer', () => {
    const outcome = compare(handWritten);
    expect(outcome.mismatches).toEqual([]);
    expect(outcome.accepted).toBeGreaterThan(90);
    // A few that Lezer takes, but differently from Prometheus or in a way not worth restating: left to it.
    for (const q of ['-2^2', 'sum(a, b)', '{"a"}', 'sum', `${'('.repeat(300)}a${')'.repeat(300)}`]) expect(analyzeFast(q), q).toBeNull();
  });

  it('knows the signature of every function of the UI checker\'s table (all grammar terms) but those it leaves to the checker', () => {
    const leftToChecker = ['info', 'start', 'end', 'step', 'range', 'ts_of_first_over_time'];
    let functions = 0;
    for (let id = 0; id < parser.nodeSet.types.length; id++) {
      const f = getFunction(id) as { name: string } | undefined;
      if (!f) continue;
      functions++;
      const name = f.name.toLowerCase();
      if (leftToChecker.includes(name)) expect(functionSignature(name), name).toBeUndefined();
      else expect(functionSignature(name), name).toBe(f);
    }
    expect(functions).toBeGreaterThan(80);
  });

  it('agrees on every function of the UI checker\'s table, called with the argument types it declares, one more and one fewer', () => {
    const argument: Record<string, string> = { vector: 'up', matrix: 'up[5m]', scalar: '0.5', string: '"x"' };
    const calls: string[] = [];
    for (let id = 0; id < parser.nodeSet.types.length; id++) {
      const f = getFunction(id) as { name: string; argTypes: string[] } | undefined;
      if (!f) continue;
      const args = f.argTypes.map((t) => argument[t]!);
      for (const name of [f.name, f.name.toLowerCase()]) calls.push(`${name}(${args.join(', ')})`, `${name}(${[...args, 'up'].join(', ')})`, `${name}(${args.slice(1).join(', ')})`);
    }
    const outcome = compare(calls);
    expect(outcome.mismatches).toEqual([]);
    expect(outcome.accepted).toBeGreaterThan(80);
  });

  it('agrees on thousands of seeded mutations of those queries, and on every truncation of the corpus queries', () => {
    const random = seeded(16);
    const seeds = [...lintQueries.corpus, ...lintQueries.odd, ...lintQueries.broken, ...lintQueries.repo, ...handWritten];
    const mutations = new Set<string>();
    for (let round = 0; round < 3; round++) for (const q of seeds) mutations.add(mutate(q, random));
    // Second-generation mutations: two changes at once.
    for (const q of [...mutations].slice(0, 1500)) mutations.add(mutate(q, random));
    const outcome = compare(mutations);
    expect(mutations.size).toBeGreaterThan(2500);
    expect(outcome.mismatches).toEqual([]);
    // Most mutations Lezer finds valid are taken (the others: a keyword as a metric name, a sign
    // before a sign, extra aggregation arguments…), so the comparison has teeth.
    expect(outcome.accepted).toBeGreaterThan(outcome.valid * 0.6);

    const truncations = new Set<string>();
    for (const q of lintQueries.corpus.slice(0, 120)) for (const t of tokenizePromql(q) ?? []) truncations.add(q.slice(0, t.to));
    const cut = compare(truncations);
    expect(cut.mismatches).toEqual([]);
    expect(cut.accepted).toBeGreaterThan(100);
  });
});
