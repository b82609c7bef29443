/**
 * The fast PromQL path against the Lezer path on queries made up from a grammar (not mutations of
 * real ones, as lint-promql-fast-path.test.ts does): seeded random expressions mixing selectors,
 * keywords used as names, every kind of literal, functions known and unknown with 0–3 arguments,
 * aggregations with modifiers before or after, binary operators with bool/on/ignoring/group_*,
 * offsets, @, subqueries, signs and stray ranges, valid and not. Whenever the fast path answers,
 * the Lezer parser and the Prometheus UI's checker find nothing and the facts are the same; and the
 * fast path must answer for most valid ones, or it saves nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { analyzeWithLezer } from '../../../src/generators/lint/lint-expression.js';
import { analyzeFast } from '../../../src/generators/lint/promql-fast-check.js';

let seed = 1;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const pick = <T,>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
const names = ['up', 'http_requests_total', 'node_cpu_seconds_total', 'x', 'a:b:c', 'sum', 'by', 'on', 'offset', 'inf', 'nan', 'rate', 'bool', 'start', 'le', 'ignoring'];
const labels = ['job', 'instance', 'le', 'by', 'on', 'group_left', 'namespace', '__name__', 'offset', 'bool'];
const fns = ['rate', 'irate', 'increase', 'abs', 'absent', 'absent_over_time', 'histogram_quantile', 'label_replace', 'label_join', 'vector', 'scalar', 'time', 'clamp', 'clamp_max', 'round', 'sort', 'sort_desc', 'predict_linear', 'holt_winters', 'quantile_over_time', 'count_over_time', 'avg_over_time', 'timestamp', 'day_of_week', 'sgn', 'exp', 'deriv', 'delta', 'idelta', 'resets', 'changes', 'last_over_time', 'present_over_time', 'ln', 'minute', 'foo', 'Rate', 'sum', 'histogram_count', 'limitk', 'double_exponential_smoothing'];
const aggs = ['sum', 'avg', 'min', 'max', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group', 'limitk', 'limit_ratio', 'SUM'];
const binops = ['+', '-', '*', '/', '%', '^', '==', '!=', '>', '<', '>=', '<=', 'and', 'or', 'unless', 'atan2', '=', '=~'];
const durs = ['5m', '1h', '30s', '1h30m', '0s', '5', '1d', '2w', '1y', '100ms', '5M', '$x', '1.5m', '-5m'];
const str = () => pick(['"a"', "'b'", '`c`', '"x.*"', '"a\\"b"', '""', "'it\\'s'", '"\\n"', '"unterminated']);
function matcher(): string { return `${pick(labels)}${pick(['=', '!=', '=~', '!~', '==', ''])}${str()}`; }
function sel(): string {
  const r = rnd();
  const m = rnd() < 0.5 ? '' : `{${Array.from({ length: Math.floor(rnd() * 3) }, matcher).join(pick([',', ', ', ' , ']))}${rnd() < 0.1 ? ',' : ''}}`;
  if (r < 0.1) return m || '{}';
  return pick(names) + m;
}
function expr(d: number): string {
  const r = rnd();
  if (d <= 0 || r < 0.25) {
    const q = rnd();
    if (q < 0.6) return sel();
    if (q < 0.75) return pick(['1', '0.5', '1e3', '0x1F', 'Inf', '-Inf', 'NaN', '.5', '5.', '1_000', '+3', '-2']);
    if (q < 0.8) return str();
    return sel() + `[${pick(durs)}]`;
  }
  if (r < 0.45) {
    const n = Math.floor(rnd() * 4);
    return `${pick(fns)}(${Array.from({ length: n }, () => (rnd() < 0.3 ? sel() + `[${pick(durs)}]` : expr(d - 1))).join(', ')})`;
  }
  if (r < 0.6) {
    const mod = rnd() < 0.5 ? '' : ` ${pick(['by', 'without', 'BY'])} (${Array.from({ length: Math.floor(rnd() * 3) }, () => pick(labels)).join(', ')})`;
    const param = ['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio'].includes('x') ? '' : rnd() < 0.3 ? pick(['5, ', '0.9, ', '"v", ', '$n, ']) : '';
    return rnd() < 0.5 ? `${pick(aggs)}${mod}(${param}${expr(d - 1)})` : `${pick(aggs)}(${param}${expr(d - 1)})${mod}`;
  }
  if (r < 0.8) {
    const mods = rnd() < 0.6 ? '' : ` ${pick(['bool', 'on(job)', 'ignoring(instance)', 'on(job) group_left', 'on() group_right(le)', 'bool on(x)', 'group_left', 'on (job) group_left (a, b)'])}`;
    return `${expr(d - 1)} ${pick(binops)}${mods} ${expr(d - 1)}`;
  }
  if (r < 0.87) return `(${expr(d - 1)})`;
  if (r < 0.92) return `${expr(d - 1)}${pick([' offset 5m', ' offset -1h', ' @ 100', ' @ start()', ' @ end()', ' offset 5m @ 10', `[${pick(durs)}:]`, `[${pick(durs)}:${pick(durs)}]`])}`;
  if (r < 0.96) return `${pick(['-', '+', '- ', '--'])}${expr(d - 1)}`;
  return `${expr(d - 1)}${pick(['[5m]', ' [5m]', '[5m] offset 1m', ''])}`;
}

describe('the fast PromQL path on random grammar-made queries', () => {
  it('agrees with Lezer and the UI checker whenever it answers, and answers for most valid queries', () => {
    let valid = 0;
    let taken = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const e = expr(Math.floor(rnd() * 5));
      const fast = analyzeFast(e);
      const slow = analyzeWithLezer(e);
      if (!slow.syntax && slow.typeErrors.length === 0) valid++;
      if (!fast) continue;
      taken++;
      if (slow.syntax || slow.typeErrors.length > 0 || !isDeepStrictEqual(fast, slow.facts)) disagreements.push(e);
    }
    expect(disagreements).toEqual([]);
    expect(valid).toBeGreaterThan(1000);
    expect(taken / valid).toBeGreaterThan(0.6);
  });
});
