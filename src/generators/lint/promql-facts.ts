/**
 * What the semantic checks need to know about a parsed PromQL expression: selectors and their
 * matchers, ranges and the functions they feed, aggregations and their grouping labels,
 * comparisons, absent() calls, and the labels the result keeps. Collected by promql-ast-facts.ts.
 */

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

/** A PromQL string literal's value. */
export function unquote(s: string): string {
  const quote = s[0];
  // Without a backslash, a quoted string reads as what is between its quotes (JSON.parse's answer, or its failure's fallback below).
  if (quote === '`' || ((quote === '"' || quote === "'") && !s.includes('\\'))) return s.slice(1, -1);
  try {
    return JSON.parse(s.startsWith("'") ? `"${s.slice(1, -1).replace(/"/g, '\\"')}"` : s) as string;
  } catch {
    return s.slice(1, -1);
  }
}

/** `set` with `label` kept (label_replace's target, group_left's labels). */
export function addLabel(set: LabelSet, label: string): LabelSet {
  return 'exact' in set ? { exact: new Set([...set.exact, label]) } : { anyExcept: new Set([...set.anyExcept].filter((l) => l !== label)) };
}

/** `set` without `label` (histogram_quantile drops `le`). */
export function removeLabel(set: LabelSet, label: string): LabelSet {
  return 'exact' in set ? { exact: new Set([...set.exact].filter((l) => l !== label)) } : { anyExcept: new Set([...set.anyExcept, label]) };
}

/** True when a result with these labels can carry `label`. */
export function keepsLabel(set: LabelSet, label: string): boolean {
  return 'exact' in set ? set.exact.has(label) : !set.anyExcept.has(label);
}
