/**
 * The tokens of a PromQL query, by one sticky regular expression (V8 compiles it to native code,
 * which a cold process needs: the Lezer parser takes tens of milliseconds to warm up). Only the
 * common, unambiguous spelling is tokenized: anything else (a comment, an unclosed string, a
 * number run into a letter, `</` and `>/`, a non-ASCII space…) returns null, and the query goes to
 * the Lezer parser, which reports what is wrong.
 */
export type TokenKind = 'id' | 'number' | 'duration' | 'string' | 'op';

/** `lower`: an identifier in lower case (keywords are read in any case), else `text`. */
export interface Token { kind: TokenKind; text: string; from: number; to: number; lower: string }

// The alternatives: identifier (not one that starts with `:`, read as a subquery colon here);
// number (hexadecimal; duration, units in Prometheus' order, each once; decimal); string;
// operator. A number must not run into a letter, digit, `_` or `.` (Lezer reads two tokens there).
// No groups: `test` with a sticky pattern builds no match array, and the first character tells
// which alternative matched (a letter or `_` an identifier, a digit or `.` a number, a quote a string).
const tokenPattern = /[A-Za-z_][A-Za-z0-9_:]*|(?:0x[0-9a-fA-F]+|(?=\d+[ywdhms])(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m(?!s))?(?:\d+s)?(?:\d+ms)?|(?:\d+(?:_?\d)*(?:\.\d+(?:_?\d)*)?|\.\d+(?:_?\d)*)(?:[eE][+-]?\d+(?:_?\d)*)?)(?![A-Za-z0-9_.])|"(?:[^\\\n"]|\\[^\n])*"|'(?:[^\\\n']|\\[^\n])*'|`[^`]*`|==|!=|<=|>=|=~|!~|[-+*/%^<>=@(){}[\],:]/y;

const hasCapital = /[A-Z]/;
// The operators' texts, one string each (by character code), rather than a new string per token.
const oneCharOperators: string[] = [];
for (const op of '-+*/%^<>=@(){}[],:') oneCharOperators[op.charCodeAt(0)] = op;

/** The tokens of `expr`, or null when it holds anything this tokenizer does not know for sure. */
export function tokenizePromql(expr: string): Token[] | null {
  const tokens: Token[] = [];
  const end = expr.length;
  let from = 0;
  for (;;) {
    let c = expr.charCodeAt(from);
    while (c === 32 || c === 10 || c === 9 || c === 13) c = expr.charCodeAt(++from);
    if (from === end) return tokens;
    tokenPattern.lastIndex = from;
    if (!tokenPattern.test(expr)) return null;
    const to = tokenPattern.lastIndex;
    let text: string;
    let kind: TokenKind;
    let lower: string;
    if (c === 95 || ((c | 32) >= 97 && (c | 32) <= 122)) {
      text = lower = expr.slice(from, to);
      // toLowerCase makes a new string even when nothing changes: only for a word with a capital.
      if (hasCapital.test(text)) lower = text.toLowerCase();
      kind = to - from === 3 && (lower === 'inf' || lower === 'nan') ? 'number' : 'id';
    } else if ((c >= 48 && c <= 57) || c === 46) {
      text = lower = expr.slice(from, to);
      // A duration ends with a unit; a hexadecimal number may end with a letter too.
      kind = text.charCodeAt(text.length - 1) >= 97 && text.charCodeAt(1) !== 120 ? 'duration' : 'number';
    } else if (c === 34 || c === 39 || c === 96) {
      text = lower = expr.slice(from, to);
      kind = 'string';
    } else {
      if (to - from === 1) {
        if ((c === 60 || c === 62) && expr.charCodeAt(to) === 47) return null; // `</`, `>/`: trim operators
        text = oneCharOperators[c]!;
      } else text = c === 61 ? (expr.charCodeAt(from + 1) === 61 ? '==' : '=~') : c === 33 ? (expr.charCodeAt(from + 1) === 61 ? '!=' : '!~') : c === 60 ? '<=' : '>=';
      lower = text;
      kind = 'op';
    }
    tokens.push({ kind, text, from, to, lower });
    from = to;
  }
}
