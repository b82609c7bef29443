/**
 * The PromQL inside a Grafana templating variable's query (the Prometheus datasource's variable
 * query syntax): `label_values(selector, label)`, `label_values(label)`, `label_names()`,
 * `label_names(selector)`, `metrics(regex)` and `query_result(expr)`. Patterns like Grafana's (its
 * Prometheus datasource's metric_find_query.ts and variable migration) decide which function a
 * query is; anything else is not linted.
 *
 * What is linted is one PromQL expression with a map back to offsets of the query text:
 *  - `label_values(sel, label)` → `count by (label) (sel)`: the selector is checked as a query, the
 *    label name as a label name, and live mode checks that the label exists on the metric's series
 *    — which is what the variable needs to list anything;
 *  - `label_names(sel)` → `sel`;  `query_result(expr)` → `expr`;
 *  - `label_values(label)`, `label_names()`, `metrics(regex)` hold no PromQL: nothing.
 * The argument of label_values and label_names goes to the series API as `match[]`, so it must be a
 * series selector, not an expression (`notSelector`).
 */

import { parser } from '@prometheus-io/lezer-promql';
import { memoByText } from './memo-by-text.js';
import { parsePromqlFast } from './promql-fast-check.js';

export interface VariablePromql {
  /** The expression to lint. */
  expr: string;
  /** Offset in the query text of character `i` of `expr`. */
  queryOffset(i: number): number;
  /** The label of `label_values(sel, label)` (for live messages), else null. */
  label: string | null;
  /**
   * For label_values and label_names, whose argument Grafana sends to the series API as `match[]`:
   * the function and where (in `expr`) that argument is when it is not a plain series selector.
   */
  notSelector: { fn: string; offset: number } | null;
}

// Dashboards of one mixin repeat their variables (cluster, namespace…): each selector is parsed once.
/** Is `text` one vector selector (what `match[]` accepts)? */
const isSeriesSelector = memoByText((text) => {
  // Our parser's tree is Lezer's when it gives one (lint-promql-fast-path.test.ts), without Lezer's cold start.
  const fast = parsePromqlFast(text);
  if (fast) return fast.kind === 'selector';
  const top = parser.parse(text).topNode.firstChild;
  return top !== null && top.name === 'VectorSelector' && top.nextSibling === null;
});

// With `d` for the offsets of the groups; `s`: a query may span lines.
const labelValues = /^label_values\((?:(.+),\s*)?([a-zA-Z_$][a-zA-Z0-9_$]*)\)\s*$/sd;
const labelNames = /^label_names\((.*)\)\s*$/sd;
const queryResult = /^query_result\((.+)\)\s*$/sd;

/** The query text of a variable: a string, or `{ query: string, refId, … }` (newer Grafana). Null when none. */
export function variableQueryText(query: unknown): { text: string; nested: boolean } | null {
  if (typeof query === 'string') return { text: query, nested: false };
  if (query !== null && typeof query === 'object' && !Array.isArray(query) && typeof (query as { query?: unknown }).query === 'string') return { text: (query as { query: string }).query, nested: true };
  return null;
}

/** The PromQL of a variable query (variables already substituted), or null when it holds none. */
export function variablePromql(query: string): VariablePromql | null {
  const lead = query.length - query.trimStart().length;
  const q = query.trimStart();
  const lv = labelValues.exec(q);
  if (lv) {
    if (lv[1] === undefined) return null;
    const [selFrom] = lv.indices![1]!;
    const [labelFrom] = lv.indices![2]!;
    const sel = lv[1].trimEnd();
    const label = lv[2]!;
    const head = 'count by (';
    const middle = ') (';
    const expr = `${head}${label}${middle}${sel})`;
    const selStart = head.length + label.length + middle.length;
    return {
      expr,
      label,
      notSelector: isSeriesSelector(sel) ? null : { fn: 'label_values', offset: selStart },
      queryOffset: (i) => lead + (i < head.length ? 0 : i < head.length + label.length ? labelFrom + i - head.length : i < selStart ? labelFrom : selFrom + Math.min(i - selStart, sel.length)),
    };
  }
  const ln = labelNames.exec(q);
  if (ln) {
    const [from] = ln.indices![1]!;
    return ln[1]!.trim() === '' ? null : { expr: ln[1]!, label: null, notSelector: isSeriesSelector(ln[1]!) ? null : { fn: 'label_names', offset: 0 }, queryOffset: (i) => lead + from + i };
  }
  const qr = queryResult.exec(q);
  if (qr) {
    const [from] = qr.indices![1]!;
    return { expr: qr[1]!, label: null, notSelector: null, queryOffset: (i) => lead + from + i };
  }
  return null;
}
