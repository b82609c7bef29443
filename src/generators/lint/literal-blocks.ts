/**
 * Literal block scalars set aside before js-yaml reads a text (fast-yaml.ts). A ConfigMapList of
 * dashboards (kube-prometheus' grafana-dashboardDefinitions.yaml) is half a megabyte of JSON in
 * `name.json: |-` blocks, and half of a rule file is its `expr: |` blocks; js-yaml reads a block
 * character by character in code V8 has not compiled yet at start-up, which made it the largest
 * single cost of a `headroom lint` run. A block's value is its lines without the block's
 * indentation, so the common shape is cut out here with native string operations: js-yaml reads a
 * one-line stand-in (a token) in its place, and the caller puts the text back (`restore`) and maps
 * offsets of the shortened text to the original (`toOriginal`).
 *
 * Only the plainest blocks are set aside — header `key: |` or `key: |-` (no indentation indicator,
 * no keep `+`, no tag or anchor, no comment), a key without quotes or `#`, lines that are all indented at least as much as the first and none blank, ended by a
 * less-indented non-blank line, no carriage returns and no character js-yaml calls non-printable —
 * where js-yaml's value is exactly those lines joined, less the indentation, plus a final line break
 * for `|`. Any other block header, and a `---` document, is skipped whole, so no block is ever cut out
 * of another block's text. A text where a cut could change the reading anyway (a multi-line quoted
 * scalar that looked like a header) is one the fast path gives to `yaml`, which reads the original.
 * test/unit/generators/lint-fast-path.test.ts checks the readings with and without this agree.
 */

export interface SetAsideBlocks {
  /** The text with each block's lines replaced by one line holding a token. */
  text: string;
  /** The value js-yaml reads for each token's block → the block's real value (made when first read). */
  readonly values: Map<string, string>;
  /** The blocks in order, in the original text: from the start of the line below the header to the line break after the last line. */
  blocks: SetAsideBlock[];
  /** Offset in the original text of offset `i` of `text`. */
  toOriginal(i: number): number;
}

export interface SetAsideBlock {
  start: number;
  end: number;
  /** The spaces before each of its lines (none is blank, none is indented less). */
  indent: number;
  /** Its value: the lines less the indentation, with a final line break for `|`. Made when first read: a dashboard read from the block as it stands (read-documents.ts) never needs it. */
  readonly value: string;
}

/** A block's value is made when first read: de-indenting half a megabyte of dashboards line by line costs more than reading their JSON. */
class Block implements SetAsideBlock {
  readonly start: number;
  readonly end: number;
  readonly indent: number;
  readonly #text: string;
  /** `|` (a final line break) rather than `|-`. */
  readonly #clip: boolean;
  #value: string | null = null;
  constructor(text: string, start: number, end: number, indent: number, clip: boolean) {
    this.#text = text;
    this.start = start;
    this.end = end;
    this.indent = indent;
    this.#clip = clip;
  }
  get value(): string {
    if (this.#value === null) {
      const lines = this.#text.slice(this.start + this.indent, this.end).replaceAll(`\n${' '.repeat(this.indent)}`, '\n');
      this.#value = this.#clip ? `${lines}\n` : lines;
    }
    return this.#value;
  }
}

const tokenPrefix = 'headroom-set-aside-block-';
// js-yaml's test of a block's text (its PATTERN_NON_PRINTABLE): such a block stays with js-yaml, which refuses it.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const nonPrintable = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
/** The end of any block scalar header line (`|`, `>`, indicators, a comment): its block is skipped when not set aside. */
const headerEnd = /[|>][-+1-9]{0,2}[ \t]*(?:#[^\n]*)?$/gm;
/** A header of a block that may be set aside: indentation, `- ` prefix, key, chomping. */
const plainHeader = /^( *)((?:- )?)[^\s#"'][^#"']*?: \|(-?)$/;
/** A pattern per indentation, made once: a rule file has a block header on every few lines, all at a few indentations. */
function byIndent(make: (n: number) => RegExp): (n: number) => RegExp {
  const made: RegExp[] = [];
  return (n) => (made[n] ??= make(n));
}
/** From a line start: a line that is not blank and indented at most `n` (the end of a block below a header indented `n`). */
const notDeeperThan = byIndent((n) => new RegExp(`\n(?= {0,${n}}(?! )[ \t]*[^ \t\n])`, 'g'));
const nextDocument = /\n(?=(?:---|\.\.\.)(?:[ \t\n]|$))/g;
/** From a line start: a line of a block with indentation `n` (at least `n` spaces, then not a tab, not blank). */
const blockLine = byIndent((n) => new RegExp(` {${n}}(?!\t)[ \t]*[^ \t\n]`, 'y'));
const notBlockLine = byIndent((n) => new RegExp(`\n(?! {${n}}(?!\t)[ \t]*[^ \t\n])`, 'g'));
/** From a line start: a line less indented than `n`, not blank (the line after a block of indentation `n`). */
const lessIndented = byIndent((n) => new RegExp(` {0,${n - 1}}(?! )[ \t]*[^ \t\n]`, 'y'));
/** Only a text with a character outside printable ASCII, tab and line break can hold one js-yaml calls non-printable. */
const notPlainAscii = /[^\t\n\x20-\x7E]/;

/** Spaces at the start of the line at `lineStart`. */
function indentAt(text: string, lineStart: number): number {
  let i = lineStart;
  while (text.charCodeAt(i) === 32) i++;
  return i - lineStart;
}

/**
 * The body of a plain block whose header's key is at column `keyColumn`, from `bodyStart`: lines all
 * indented at least as much as the first (deeper than the key), none blank, then a less-indented
 * non-blank line (or the end of the text, after a line break). Null when the lines are not that.
 */
function plainBody(text: string, bodyStart: number, keyColumn: number): { end: number; indent: number } | null {
  const indent = indentAt(text, bodyStart);
  const first = blockLine(indent);
  first.lastIndex = bodyStart;
  if (indent <= keyColumn || !first.test(text)) return null;
  const end = search(notBlockLine(indent), text, bodyStart, text.length);
  const after = lessIndented(indent);
  after.lastIndex = end + 1;
  if (end >= text.length || !(end + 1 === text.length || after.test(text))) return null;
  return { end, indent };
}

/** Offset of the first match of global `re` from `from`, else `end`. */
function search(re: RegExp, text: string, from: number, end: number): number {
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : end;
}

/** The text with its plain literal blocks set aside, or null when it has none. */
export function setAsideLiteralBlocks(text: string): SetAsideBlocks | null {
  if (text.includes('\r') || text.includes(tokenPrefix) || !/[:-] \|-?\n/.test(text)) return null;
  const pieces: string[] = [];
  const blocks: SetAsideBlock[] = [];
  /** What js-yaml reads for each block's stand-in line. */
  const tokens: string[] = [];
  let values: Map<string, string> | undefined;
  /** Per cut: offset in the shortened text from which offsets shift, and by how much in all up to it. */
  const shifts: { after: number; by: number }[] = [];
  let pos = 0; // text before pos is in pieces
  let shortened = 0; // length of pieces
  let removed = 0;
  let skipUntil = 0;
  const mayHaveNonPrintable = notPlainAscii.test(text);
  headerEnd.lastIndex = 0;
  for (let m = headerEnd.exec(text); m; m = headerEnd.exec(text)) {
    if (m.index < skipUntil) { headerEnd.lastIndex = skipUntil; continue; }
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const lineEnd = m.index + m[0].length;
    const line = text.slice(lineStart, lineEnd);
    const before = text[m.index - 1];
    if (/^\s*#/.test(line) || (m.index > lineStart && before !== ' ' && before !== '\t')) { headerEnd.lastIndex = Math.max(lineEnd, m.index + 1); continue; }
    const topLevel = /^(--- |[|>])/.test(line);
    const headerIndent = line.length - line.trimStart().length;
    const header = topLevel ? null : plainHeader.exec(line);
    const body = header ? plainBody(text, lineEnd + 1, header[1]!.length + header[2]!.length) : null;
    // The block's lines: below the header, blank or deeper than the header line (a top-level block, `--- |`: to the next document).
    // A plain body followed by a line no deeper than the header ends there: no second search through it.
    const regionEnd = body && body.end + 1 < text.length && indentAt(text, body.end + 1) <= headerIndent ? body.end
      : lineEnd >= text.length ? text.length : search(topLevel ? nextDocument : notDeeperThan(headerIndent), text, lineEnd, text.length);
    skipUntil = regionEnd;
    headerEnd.lastIndex = Math.max(regionEnd, lineEnd + 1);
    if (!header || !body) continue;
    const bodyStart = lineEnd + 1;
    const { end: bodyEnd, indent: bodyIndent } = body;
    const raw = text.slice(bodyStart, bodyEnd);
    if (mayHaveNonPrintable && nonPrintable.test(raw)) continue;
    const token = `${tokenPrefix}${blocks.length}`;
    const clip = header[3] !== '-';
    blocks.push(new Block(text, bodyStart, bodyEnd, bodyIndent, clip));
    tokens.push(clip ? `${token}\n` : token);
    const stand = `${' '.repeat(bodyIndent)}${token}`;
    pieces.push(text.slice(pos, bodyStart), stand);
    shortened += bodyStart - pos + stand.length;
    removed += raw.length - stand.length;
    shifts.push({ after: shortened, by: removed });
    pos = bodyEnd;
  }
  if (blocks.length === 0) return null;
  pieces.push(text.slice(pos));
  return {
    text: pieces.join(''),
    get values() {
      return (values ??= new Map(tokens.map((t, i) => [t, blocks[i]!.value])));
    },
    blocks,
    toOriginal(offset) {
      // The last cut at or before `offset` (cuts are in order).
      let lo = 0;
      let hi = shifts.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (shifts[mid]!.after <= offset) lo = mid + 1; else hi = mid; }
      return offset + (lo === 0 ? 0 : shifts[lo - 1]!.by);
    },
  };
}
