/**
 * Positions in the file as written. A finding inside a YAML or JSON string (a PromQL expression,
 * a template, a dashboard embedded in a ConfigMap) is mapped back through quoting, escapes, block
 * scalar indentation and folding to the line and column a user's editor shows.
 */
import { isScalar, LineCounter, Scalar, type Document, type Node } from 'yaml';
import { nodeAt, type PositionNode } from './fast-yaml.js';
import { locateJsonValue, skipJsonValue } from './json-locate.js';
import type { FilePosition } from './types.js';

export type DataPath = (string | number)[];

/** A parsed document and how to find positions in it. */
export interface SourceDoc {
  /** The document as plain data. */
  data: unknown;
  /** Position of the value at `path` (the nearest ancestor present), or of character `valueOffset` of that string. */
  position(path: DataPath, valueOffset?: number): FilePosition;
  /** Comment lines `# headroom-lint …` of the file (only YAML has comments). */
  comments: { line: number; text: string; nextContentLine: number }[];
  /**
   * The source of the string at `path` when it is a literal block whose lines are its value's lines
   * all indented alike (literal-blocks.ts), with the position of each of its characters; else null.
   * JSON in such a block reads the same from its source as from its value.
   */
  blockSource?(path: DataPath): { text: string; position(offset: number): FilePosition } | null;
}

/** Where the lines of a literal block start in its source and in its value, and the block's indentation. */
interface BlockLines { raw: string; value: string; rawLineStarts: number[]; valueBreaks: number[]; indent: number }

function newlineOffsets(s: string): number[] {
  const out: number[] = [];
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) out.push(i);
  return out;
}

// Findings in one block (a dashboard in a ConfigMap) come one after another: its lines are worked out once.
let lastBlock: BlockLines | null = null;

/** A line after the first that holds more than whitespace, and its indentation. */
const contentLine = /\n([^\S\n]*)\S/;

/** The least indentation of the lines after the first that hold more than whitespace (0 when none), found by native searches, not line by line. */
function leastIndent(raw: string): number {
  let m = contentLine.exec(raw);
  if (!m) return 0;
  let indent = m[1]!.length;
  // A line indented less than the least so far, until there is none.
  while (indent > 0 && (m = new RegExp(`\\n([^\\S\\n]{0,${indent - 1}})\\S`).exec(raw))) indent = m[1]!.length;
  return indent;
}

function blockLinesOf(raw: string, value: string): BlockLines {
  if (lastBlock && lastBlock.raw === raw && lastBlock.value === value) return lastBlock;
  const rawLineStarts = [0];
  for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) rawLineStarts.push(i + 1);
  rawLineStarts.push(raw.length + 1);
  lastBlock = { raw, value, rawLineStarts, valueBreaks: newlineOffsets(value), indent: leastIndent(raw) };
  return lastBlock;
}

/** Offset into a scalar's raw source text for `valueOffset` into its parsed value. */
export function rawOffsetOfValue(raw: string, value: string, type: Scalar['type'], valueOffset: number): number {
  if (type === Scalar.BLOCK_LITERAL) {
    // Line k of the value is line k + 1 of the source (after the header), less the indentation.
    const { rawLineStarts, valueBreaks, indent } = blockLinesOf(raw, value);
    const end = Math.min(valueOffset, value.length);
    let lo = 0;
    let hi = valueBreaks.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (valueBreaks[mid]! < end) lo = mid + 1; else hi = mid; }
    const valueLine = lo;
    const column = end - (valueLine === 0 ? 0 : valueBreaks[valueLine - 1]! + 1);
    return rawLineStarts[1 + Math.min(valueLine, rawLineStarts.length - 2)]! + indent + column;
  }
  // Quoted, escaped, plain multi-line or folded text: walk both strings, decoding escapes, skipping
  // quotes, block headers, indentation and folded line breaks.
  let j = type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE ? 1 : 0;
  for (let i = 0; i < valueOffset && i < value.length && j < raw.length; i++) {
    const want = value[i];
    while (j < raw.length) {
      const c = raw[j]!;
      if (c === '\\' && type === Scalar.QUOTE_DOUBLE) {
        const next = raw[j + 1];
        const width = next === 'u' ? 6 : next === 'x' ? 4 : next === 'U' ? 10 : 2;
        j += width;
        break;
      }
      if (c === "'" && raw[j + 1] === "'" && want === "'" && type === Scalar.QUOTE_SINGLE) { j += 2; break; }
      if (c === want) { j++; break; }
      j++;
    }
  }
  return j;
}

/** A YAML document (or JSON text parsed as YAML for positions) with its file position mapping. */
export function yamlSourceDoc(doc: () => Document, data: unknown, toFilePosition: (offset: number) => FilePosition, text: string, comments: SourceDoc['comments'] = []): SourceDoc & { offset(path: DataPath, valueOffset?: number): number } {
  const offset = (path: DataPath, valueOffset?: number): number => {
    const d = doc();
    for (let n = path.length; n >= 0; n--) {
      const node = (n === 0 ? d.contents : d.getIn(path.slice(0, n), true)) as Node | null | undefined;
      if (!node || !node.range) continue;
      if (valueOffset !== undefined && n === path.length && isScalar(node) && typeof node.value === 'string') {
        return node.range[0] + rawOffsetOfValue(text.slice(node.range[0], node.range[1]), node.value, node.type, valueOffset);
      }
      return node.range[0];
    }
    return 0;
  };
  return { data, comments, offset, position: (path, valueOffset) => toFilePosition(offset(path, valueOffset)) };
}

/** The style of the scalar whose source starts at `first`. */
function scalarType(first: string | undefined): Scalar['type'] {
  return first === '|' ? Scalar.BLOCK_LITERAL : first === '>' ? Scalar.BLOCK_FOLDED : first === '"' ? Scalar.QUOTE_DOUBLE : first === "'" ? Scalar.QUOTE_SINGLE : Scalar.PLAIN;
}

/** A YAML document read by fast-yaml.ts: the same positions as yamlSourceDoc, from the nodes recorded while parsing. */
export function positionedSourceDoc(root: PositionNode | null, data: unknown, toFilePosition: (offset: number) => FilePosition, text: string, comments: SourceDoc['comments'] = []): SourceDoc & { offset(path: DataPath, valueOffset?: number): number } {
  const offset = (path: DataPath, valueOffset?: number): number => {
    if (!root) return 0;
    const { node, exact } = nodeAt(root, path);
    if (valueOffset !== undefined && exact && node.kind === 'scalar' && typeof node.value === 'string') {
      return node.start + rawOffsetOfValue(text.slice(node.start, node.end), node.value, scalarType(text[node.start]), valueOffset);
    }
    return node.start;
  };
  const blockSource = (path: DataPath) => {
    const found = root ? nodeAt(root, path) : null;
    const block = found?.exact ? found.node.block : undefined;
    return block ? { text: text.slice(block.start, block.end), position: (o: number) => toFilePosition(block.start + o) } : null;
  };
  return { data, comments, offset, position: (path, valueOffset) => toFilePosition(offset(path, valueOffset)), blockSource };
}

/** Maps offsets of `text` to positions in it. */
export function lineColumnOf(text: string): (offset: number) => FilePosition {
  let counter: LineCounter | null = null;
  return (offset) => {
    if (!counter) {
      counter = new LineCounter();
      const starts = counter.lineStarts;
      starts.push(0);
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    const p = counter.linePos(offset);
    return { line: p.line, column: p.col };
  };
}

/** A JSON text as a source document: JSON.parse for the data; positions found by scanning the text when asked for. */
export function jsonSourceDoc(text: string, data: unknown, toFilePosition: (offset: number) => FilePosition): SourceDoc & { offset(path: DataPath, valueOffset?: number): number } {
  const offset = (path: DataPath, valueOffset?: number): number => {
    const { offset: start, complete } = locateJsonValue(text, path);
    if (valueOffset === undefined || !complete || text[start] !== '"') return start;
    const end = skipJsonValue(text, start);
    const raw = text.slice(start, end);
    return start + rawOffsetOfValue(raw, JSON.parse(raw) as string, Scalar.QUOTE_DOUBLE, valueOffset);
  };
  return { data, comments: [], offset, position: (path, valueOffset) => toFilePosition(offset(path, valueOffset)) };
}
