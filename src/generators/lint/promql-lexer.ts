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

/** Kinds of the compact token stream: a one-character operator is its character code, a two-character one a code from 256. */
export const tokenId = 0;
export const tokenNumber = 1;
export const tokenDuration = 2;
export const tokenString = 3;
/** After the last token. */
export const tokenEnd = -1;
export const opEq = 256;
export const opNe = 257;
export const opLe = 258;
export const opGe = 259;
export const opRe = 260;
export const opNre = 261;
const twoCharOperators = ['==', '!=', '<=', '>=', '=~', '!~'];

/**
 * The tokens of the last `lexPromql`, in arrays kept from one call to the next (a cold process
 * pays for each object it makes): kind, offsets, text, and an identifier in lower case (keywords
 * are read in any case; `text` for the other tokens). `kind[count]` is `tokenEnd`.
 */
export const lexed = { kind: new Int32Array(512), from: new Int32Array(512), to: new Int32Array(512), text: [] as string[], lower: [] as string[] };

function grow(): void {
  const size = lexed.kind.length * 2;
  for (const key of ['kind', 'from', 'to'] as const) {
    const bigger = new Int32Array(size);
    bigger.set(lexed[key]);
    lexed[key] = bigger;
  }
}

/** Tokenizes `expr` into `lexed`; returns the number of tokens, or -1 when it holds anything this tokenizer does not know for sure. */
export function lexPromql(expr: string): number {
  const end = expr.length;
  let count = 0;
  let from = 0;
  for (;;) {
    let c = expr.charCodeAt(from);
    while (c === 32 || c === 10 || c === 9 || c === 13) c = expr.charCodeAt(++from);
    if (count + 1 >= lexed.kind.length) grow();
    if (from === end) {
      lexed.kind[count] = tokenEnd;
      return count;
    }
    tokenPattern.lastIndex = from;
    if (!tokenPattern.test(expr)) return -1;
    const to = tokenPattern.lastIndex;
    let text: string;
    let lower: string;
    let kind: number;
    if (c === 95 || ((c | 32) >= 97 && (c | 32) <= 122)) {
      text = lower = expr.slice(from, to);
      // toLowerCase makes a new string even when nothing changes: only for a word with a capital.
      if (hasCapital.test(text)) lower = text.toLowerCase();
      kind = to - from === 3 && (lower === 'inf' || lower === 'nan') ? tokenNumber : tokenId;
    } else if ((c >= 48 && c <= 57) || c === 46) {
      text = lower = expr.slice(from, to);
      // A duration ends with a unit; a hexadecimal number may end with a letter too.
      kind = text.charCodeAt(text.length - 1) >= 97 && text.charCodeAt(1) !== 120 ? tokenDuration : tokenNumber;
    } else if (c === 34 || c === 39 || c === 96) {
      text = lower = expr.slice(from, to);
      kind = tokenString;
    } else if (to - from === 1) {
      if ((c === 60 || c === 62) && expr.charCodeAt(to) === 47) return -1; // `</`, `>/`: trim operators
      text = lower = oneCharOperators[c]!;
      kind = c;
    } else {
      const second = expr.charCodeAt(from + 1);
      kind = c === 61 ? (second === 61 ? opEq : opRe) : c === 33 ? (second === 61 ? opNe : opNre) : c === 60 ? opLe : opGe;
      text = lower = twoCharOperators[kind - opEq]!;
    }
    lexed.kind[count] = kind;
    lexed.from[count] = from;
    lexed.to[count] = to;
    lexed.text[count] = text;
    lexed.lower[count] = lower;
    count++;
    from = to;
  }
}

const kindNames: TokenKind[] = ['id', 'number', 'duration', 'string'];

/** The tokens of `expr`, or null when it holds anything this tokenizer does not know for sure. */
export function tokenizePromql(expr: string): Token[] | null {
  const count = lexPromql(expr);
  if (count < 0) return null;
  const tokens: Token[] = [];
  for (let t = 0; t < count; t++) {
    const k = lexed.kind[t]!;
    tokens.push({ kind: k <= tokenString ? kindNames[k]! : 'op', text: lexed.text[t]!, from: lexed.from[t]!, to: lexed.to[t]!, lower: lexed.lower[t]! });
  }
  return tokens;
}
