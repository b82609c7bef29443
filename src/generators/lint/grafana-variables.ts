/**
 * Grafana template variables in dashboard queries, replaced by values PromQL accepts so the query
 * can be parsed, type-checked and run — with a map back to the original text, so findings point
 * at columns in the file, not in the substituted query.
 *
 * Every syntax Grafana accepts: `$var`, `${var}`, `${var:format}`, `${var.field}`, `[[var]]`,
 * `[[var:format]]`, and the built-ins (`$__interval`, `$__rate_interval`, `$__range`, `$__range_s`,
 * `$__range_ms`, `$__interval_ms`, `$__from`, `$__to`, `${__from:date:seconds}` …). What a variable
 * becomes depends on where it stands: a duration inside `[…]` or after `offset`, a label name inside
 * `by (…)`, text inside a string, a number as the first argument of `topk`, and otherwise its current
 * value from the dashboard's `templating` when that is a number, or its name as a metric name.
 */

export interface SubstitutedQuery {
  /** The query with every variable replaced. */
  text: string;
  /** Offset in the original query of character `i` of `text`. */
  originalOffset(i: number): number;
  /** Variables the query uses (names, without `$`). */
  variables: string[];
}

const variablePattern = /\$\{([A-Za-z0-9_.]+)(?::[^}]*)?\}|\[\[([A-Za-z0-9_.]+)(?::[^\]]*)?\]\]|\$([A-Za-z0-9_]+)/g;

const builtinDurations: Record<string, string> = { __interval: '1m', __rate_interval: '5m', __range: '1h', __auto: '1m' };
const builtinNumbers: Record<string, string> = { __range_s: '3600', __range_ms: '3600000', __interval_ms: '60000', __from: '1700000000', __to: '1700003600' };

const quotesAndEscapes = /["'`\\]/g;
const identity = (i: number): number => i;

const labelKeywords = ['by', 'without', 'on', 'ignoring', 'group_left', 'group_right'];
const scalarFunctions = ['topk', 'bottomk', 'limitk', 'limit_ratio', 'quantile', 'quantile_over_time', 'histogram_quantile', 'round', 'clamp', 'clamp_min', 'clamp_max'];

/** Does `text` end with `word` (ASCII letters in any case when `anyCase`, as a regexp's `i`) that starts at a word boundary (`\b`)? */
function endsWithWord(text: string, word: string, anyCase: boolean): boolean {
  const start = text.length - word.length;
  if (start < 0) return false;
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(start + i);
    const w = word.charCodeAt(i);
    if (c !== w && !(anyCase && c >= 65 && c <= 90 && c + 32 === w)) return false;
  }
  return start === 0 || !isWordChar(text.charCodeAt(start - 1));
}

const isWordChar = (c: number) => c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const scalarAfter = '<>=!^%*/+-';

/** How far the text before a variable was read for quotes, and the quote open there. */
interface QuoteScan { quote: string | null; at: number }

/**
 * Kind of value the text before a variable calls for. The texts before the variables of one query
 * extend each other, so `scan` goes on from where the previous one left off.
 */
function contextOf(before: string, scan: QuoteScan): 'string' | 'duration' | 'label' | 'scalar' | 'other' {
  // Is `before` inside a string? Jumps between quotes and backslashes (a backslash escapes only inside one).
  let quote = scan.quote;
  let at = scan.at;
  quotesAndEscapes.lastIndex = at;
  for (let m = quotesAndEscapes.exec(before); m; m = quotesAndEscapes.exec(before)) {
    const c = m[0];
    if (quote) {
      if (c === '\\') quotesAndEscapes.lastIndex = m.index + 2;
      else if (c === quote) quote = null;
    } else if (c !== '\\') quote = c;
    at = quotesAndEscapes.lastIndex;
  }
  scan.quote = quote;
  scan.at = Math.max(at, before.length); // past the end after a backslash at the end: the next text's first character is escaped
  if (quote) return 'string';
  const open = before.lastIndexOf('[');
  if (open > before.lastIndexOf(']')) return 'duration';
  // The rest looks at the end of `before` only (each was a regexp anchored at its end, which
  // scanned the whole text before every variable): `\s*` there is what trimEnd removes.
  const tail = before.trimEnd();
  const last = tail.charCodeAt(tail.length - 1);
  if (last === 64) return 'scalar'; // `@ $var`
  if (endsWithWord(last === 45 ? tail.slice(0, -1).trimEnd() : tail, 'offset', true)) return 'duration'; // `offset -$var`
  const paren = Math.max(before.lastIndexOf('('), before.lastIndexOf(')'));
  if (paren >= 0 && before.charCodeAt(paren) === 40) {
    const head = before.slice(0, paren).trimEnd();
    if (labelKeywords.some((k) => endsWithWord(head, k, true))) return 'label'; // `by ($var`: no parenthesis since
    if (last === 40 && paren === tail.length - 1 && scalarFunctions.some((k) => endsWithWord(head, k, true))) return 'scalar'; // `topk($var`
  }
  // An operator (`=~`, `!~` end with `~`, not one of these) or `bool`: a number.
  if ((tail.length > 0 && scalarAfter.includes(tail[tail.length - 1]!)) || endsWithWord(tail, 'bool', false)) return 'scalar';
  return 'other';
}

/** Grafana's variables replaced by values PromQL accepts. `values` gives a variable's current value. */
export function substituteGrafanaVariablesMapped(expr: string, values: Record<string, string> = {}): SubstitutedQuery {
  // Most queries of a dashboard name no variable: they are their own substitution.
  if (!expr.includes('$') && !expr.includes('[[')) return { text: expr, originalOffset: identity, variables: [] };
  const pieces: { text: string; from: number; length: number; replaced: boolean }[] = [];
  const variables: string[] = [];
  const scan: QuoteScan = { quote: null, at: 0 };
  let last = 0;
  let out = '';
  // exec on the pattern itself: matchAll makes a new RegExp per query.
  variablePattern.lastIndex = 0;
  for (let m = variablePattern.exec(expr); m !== null; m = variablePattern.exec(expr)) {
    const written = (m[1] ?? m[2] ?? m[3])!;
    const dot = written.indexOf('.');
    const name = dot === -1 ? written : written.slice(0, dot);
    const start = m.index;
    const before = out + expr.slice(last, start);
    const context = contextOf(before, scan);
    let value: string;
    const current = values[name];
    if (context === 'string') value = '.*';
    else if (builtinDurations[name] !== undefined) value = context === 'scalar' ? '60' : builtinDurations[name]!;
    else if (builtinNumbers[name] !== undefined) value = builtinNumbers[name]!;
    else if (context === 'duration') value = current && /^\d+[smhdwy]/.test(current) ? current : '5m';
    else if (context === 'scalar') value = current && /^-?\d+(\.\d+)?$/.test(current) ? current : '1';
    else if (current && /^-?\d+(\.\d+)?$/.test(current) && context === 'other' && !/[A-Za-z0-9_:]$/.test(before) && !/^[A-Za-z0-9_:{]/.test(expr.slice(start + m[0].length))) value = current;
    else value = name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57 ? `v${name}` : name; // a name must not start with a digit
    if (!variables.includes(name)) variables.push(name);
    if (start > last) pieces.push({ text: expr.slice(last, start), from: last, length: start - last, replaced: false });
    pieces.push({ text: value, from: start, length: m[0].length, replaced: true });
    out = before + value;
    last = start + m[0].length;
  }
  if (last < expr.length) pieces.push({ text: expr.slice(last), from: last, length: expr.length - last, replaced: false });
  if (variables.length === 0) return { text: expr, originalOffset: identity, variables };
  const starts: number[] = [];
  let acc = 0;
  for (const p of pieces) { starts.push(acc); acc += p.text.length; }
  return {
    text: out + expr.slice(last),
    variables,
    originalOffset: (i) => {
      let k = 0;
      while (k + 1 < pieces.length && starts[k + 1]! <= i) k++;
      const p = pieces[k];
      if (!p) return i;
      return p.replaced ? p.from : p.from + Math.min(i - starts[k]!, p.length);
    },
  };
}

/** Grafana's variables replaced by values PromQL accepts, so dashboard queries can be parsed and run. */
export function substituteGrafanaVariables(expr: string, values: Record<string, string> = {}): string {
  return substituteGrafanaVariablesMapped(expr, values).text;
}
