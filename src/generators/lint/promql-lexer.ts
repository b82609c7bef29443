/**
 * The tokens of a PromQL query, by one sticky regular expression (V8 compiles it to native code,
 * which a cold process needs: the Lezer parser takes tens of milliseconds to warm up). Only the
 * common, unambiguous spelling is tokenized: anything else (a comment, an unclosed string, a
 * number run into a letter, `</` and `>/`, a non-ASCII space…) returns null, and the query goes to
 * the Lezer parser, which reports what is wrong.
 */
export type TokenKind = 'id' | 'number' | 'duration' | 'string' | 'op';

export interface Token { kind: TokenKind; text: string; from: number; to: number }

// Groups: 1 identifier (not one that starts with `:`, read as a subquery colon here), 2 number
// (hexadecimal; duration, units in Prometheus' order, each once; decimal), 3 string, 4 operator. A
// number must not run into a letter, digit, `_` or `.` (Lezer reads two tokens there).
const tokenPattern = /[ \t\r\n]*(?:([A-Za-z_][A-Za-z0-9_:]*)|(0x[0-9a-fA-F]+|(?=\d+[ywdhms])(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m(?!s))?(?:\d+s)?(?:\d+ms)?|(?:\d+(?:_?\d)*(?:\.\d+(?:_?\d)*)?|\.\d+(?:_?\d)*)(?:[eE][+-]?\d+(?:_?\d)*)?)(?![A-Za-z0-9_.])|("(?:[^\\\n"]|\\[^\n])*"|'(?:[^\\\n']|\\[^\n])*'|`[^`]*`)|(==|!=|<=|>=|=~|!~|[-+*/%^<>=@(){}[\],:]))/y;
const trailingSpace = /[ \t\r\n]*$/y;

/** The tokens of `expr`, or null when it holds anything this tokenizer does not know for sure. */
export function tokenizePromql(expr: string): Token[] | null {
  const tokens: Token[] = [];
  let at = 0;
  for (;;) {
    tokenPattern.lastIndex = at;
    const m = tokenPattern.exec(expr);
    if (!m) {
      trailingSpace.lastIndex = at;
      return trailingSpace.test(expr) ? tokens : null;
    }
    const to = tokenPattern.lastIndex;
    let text: string | undefined;
    let kind: TokenKind;
    if ((text = m[1]) !== undefined) kind = text.length === 3 && /^(?:inf|nan)$/i.test(text) ? 'number' : 'id';
    else if ((text = m[4]) !== undefined) {
      if ((text === '<' || text === '>') && expr.charCodeAt(to) === 47) return null; // `</`, `>/`: trim operators
      kind = 'op';
    } else if ((text = m[2]) !== undefined) {
      // A duration ends with a unit; a hexadecimal number may end with a letter too.
      kind = text.charCodeAt(text.length - 1) >= 97 && text.charCodeAt(1) !== 120 ? 'duration' : 'number';
    } else {
      text = m[3]!;
      kind = 'string';
    }
    tokens.push({ kind, text, from: to - text.length, to });
    at = to;
  }
}
