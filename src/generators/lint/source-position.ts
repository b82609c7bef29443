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
}

/** Offset into a scalar's raw source text for `valueOffset` into its parsed value. */
export function rawOffsetOfValue(raw: string, value: string, type: Scalar['type'], valueOffset: number): number {
  if (type === Scalar.BLOCK_LITERAL) {
    const lines = raw.split('\n');
    const content = lines.slice(1);
    const indent = Math.min(...content.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length), Infinity);
    const before = value.slice(0, valueOffset).split('\n');
    const valueLine = type === Scalar.BLOCK_LITERAL ? before.length - 1 : Math.min(before.length - 1, content.length - 1);
    let offset = lines[0]!.length + 1;
    for (let i = 0; i < valueLine && i < content.length; i++) offset += content[i]!.length + 1;
    return offset + (Number.isFinite(indent) ? indent : 0) + before[before.length - 1]!.length;
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
  return { data, comments, offset, position: (path, valueOffset) => toFilePosition(offset(path, valueOffset)) };
}

/** Maps offsets of `text` to positions in it. */
export function lineColumnOf(text: string): (offset: number) => FilePosition {
  let counter: LineCounter | null = null;
  return (offset) => {
    if (!counter) {
      counter = new LineCounter();
      counter.addNewLine(0);
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) counter.addNewLine(i + 1);
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
