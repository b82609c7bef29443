/**
 * The plainest block YAML read line by line, for the fast path (fast-yaml.ts): what a rule file or
 * a ConfigMapList is around its literal blocks, which literal-blocks.ts has found and read — one
 * document of block mappings and sequences, `key: value` lines with plain or one-line quoted
 * scalars, `key: |` headers over a set-aside block, comments. js-yaml reads such a text character by
 * character in code V8 has not compiled yet at start-up; here each line is a few native string
 * operations. It gives js-yaml's data (the same core-schema scalar types, js-yaml's own resolvers)
 * and the start of every node where js-yaml's parse events put it.
 *
 * Anything else — flow collections, anchors, tags, multi-line scalars, escapes, empty values,
 * duplicate keys, a second document, a tab, a character outside printable ASCII, an indentation
 * that does not line up — returns null, and js-yaml (or `yaml`) reads the text as before.
 * test/unit/generators/lint-fast-path.test.ts checks the readings agree with `yaml`'s.
 *
 * The end of a mapping or sequence node is the end of its last value (js-yaml's runs on to the
 * next line); only a scalar's end is ever read (to slice its source).
 */
import jsYaml from 'js-yaml';
import type { FastYamlDocument, PositionNode } from './fast-yaml.js';
import type { SetAsideBlock } from './literal-blocks.js';

// The types js-yaml tries on a plain scalar, in its order: the core schema's own list, which js-yaml's
// reader uses too. Unless it is null, bool, int, float (another js-yaml), js-yaml reads every text.
const implicitTypes = (jsYaml.CORE_SCHEMA as unknown as { compiledImplicit?: (jsYaml.Type & { tag: string })[] }).compiledImplicit;
const coreTypes = ['null', 'bool', 'int', 'float'].map((t) => `tag:yaml.org,2002:${t}`);
const readable = Array.isArray(implicitTypes) && implicitTypes.map((t) => t.tag).join() === coreTypes.join();
/** Those four take only a scalar starting with one of these (`~`, null, true, false, numbers, .inf, .nan): any other is a string. */
const maybeNotString = /^[~nNtTfF0-9+\-.]/;

function resolvePlain(text: string): unknown {
  if (!maybeNotString.test(text)) return text;
  for (const type of implicitTypes!) if (type.resolve(text)) return type.construct(text) as unknown;
  return text;
}

/** Only printable ASCII and line breaks. */
const notPlain = /[^\n\x20-\x7E]/;
/** A plain key and its colon, before a space or the end of the line. */
const key = /[A-Za-z0-9_][A-Za-z0-9_./-]*:(?=[ \n]|$)/y;
/** A plain scalar may not start with an indicator (a `-`, `?` or `:` only before a space, but they are left to js-yaml too). */
const plainStart = /[^-?:,[\]{}#&*!|>'"%@`]/y;

const spaces = / */y;

/**
 * Where the spaces from `i` end: a native search (indentation is most of what a line holds), not a
 * loop over each. With such loops the reader ran hot enough for V8 to optimize it in the background
 * (~30 ms of compiling), which a `headroom lint` process waited for before it could exit.
 */
function skipSpaces(text: string, i: number): number {
  spaces.lastIndex = i;
  spaces.test(text);
  return spaces.lastIndex;
}

/** Blocks longer than this (in characters of source) have their value made only when it is read. */
const lazyBlockLength = 1000;

/** Property `key` of `target` is `block.value`, made when first read (then a plain property). */
function readWhenRead(target: object, key: string, block: SetAsideBlock): void {
  const settle = (value: unknown) => Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(target, key, {
    get() {
      const value = block.value;
      settle(value);
      return value;
    },
    set: settle,
    enumerable: true,
    configurable: true,
  });
}

/** A scalar's children: none, one array for all. */
const noChildren: PositionNode[] = [];

interface Container { kind: 'mapping' | 'sequence'; column: number; node: PositionNode; data: Record<string, unknown> | unknown[] }

/**
 * The document of `text` with positions, or null when js-yaml should read it (see above). `blocks`:
 * the literal blocks set aside (literal-blocks.ts), whose values are taken as they are.
 */
export function readPlainBlockYaml(text: string, blocks: readonly SetAsideBlock[] = []): FastYamlDocument[] | null {
  if (!readable) return null;
  // The text around the blocks (what the blocks hold is theirs).
  let from = 0;
  for (const block of blocks) {
    if (notPlain.test(text.slice(from, block.start))) return null;
    from = block.end;
  }
  if (notPlain.test(from ? text.slice(from) : text)) return null;
  let nextBlock = 0;
  const stack: Container[] = [];
  let root: Container | null = null;
  /** A `key:` whose value is on the lines below: its mapping and column. */
  let pending: { into: Container; key: string; column: number } | null = null;
  let started = false;

  /** Adds `value` (with its node) to the top container: as the value of `key`, or as an item. */
  const attach = (into: Container, value: unknown, node: PositionNode, keyName?: string): void => {
    if (into.kind === 'mapping') (into.data as Record<string, unknown>)[keyName!] = value;
    else (into.data as unknown[]).push(value);
    into.node.children.push(node);
    into.node.end = node.end;
  };
  const open = (kind: Container['kind'], column: number, start: number): Container => {
    const data = kind === 'mapping' ? {} : [];
    return { kind, column, data, node: { start, end: start, kind, value: data, children: [] } };
  };

  let lineStart = 0;
  while (lineStart < text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const next = lineEnd + 1;
    let i = lineStart;
    i = skipSpaces(text, i);
    if (i === lineEnd || text[i] === '#') { lineStart = next; continue; }
    const indent = i - lineStart;
    if (indent === 0 && (text.startsWith('---', i) || text.startsWith('...', i) || text[i] === '%')) {
      // One `---` before the content, alone on its line.
      if (started || lineEnd !== i + 3 || text[i] !== '-') return null;
      started = true;
      lineStart = next;
      continue;
    }
    started = true;
    const dash = text[i] === '-' && (i + 1 === lineEnd || text[i + 1] === ' ');
    let column = i;
    if (dash) {
      column = i + 1;
      column = skipSpaces(text, column);
      if (column === lineEnd || (text[column] === '-' && (column + 1 === lineEnd || text[column + 1] === ' '))) return null;
    }

    // The container this line continues (or starts, below a `key:`).
    let into: Container;
    if (pending) {
      const below = indent > pending.column || (indent === pending.column && dash);
      if (!below) return null;
      into = open(dash ? 'sequence' : 'mapping', indent, i);
      attach(pending.into, into.data, into.node, pending.key);
      stack.push(into);
      pending = null;
    } else if (!root) {
      into = open(dash ? 'sequence' : 'mapping', indent, i);
      root = into;
      stack.push(into);
    } else {
      while (stack.length && (stack[stack.length - 1]!.column > indent || (stack[stack.length - 1]!.column === indent && stack[stack.length - 1]!.kind === 'sequence' && !dash))) stack.pop();
      const top = stack[stack.length - 1];
      if (!top || top.column !== indent || top.kind !== (dash ? 'sequence' : 'mapping')) return null;
      into = top;
    }

    // A sequence item: a scalar, or a mapping whose first key is on this line.
    key.lastIndex = column;
    const keyMatch = key.test(text);
    if (dash) {
      if (!keyMatch) {
        const scalar = readScalar(text, column, lineEnd);
        if (!scalar) return null;
        attach(into, scalar.value, scalar.node);
        lineStart = next;
        continue;
      }
      const item = open('mapping', column - lineStart, column);
      attach(into, item.data, item.node);
      stack.push(item);
      into = item;
    }
    if (!keyMatch) return null;

    // `key: value`, `key: |` over a token line, or `key:` with its value below.
    const name = text.slice(column, key.lastIndex - 1);
    if (name.length > 1000 || typeof resolvePlain(name) !== 'string' || name === '__proto__' || Object.hasOwn(into.data, name)) return null;
    const keyNode: PositionNode = { start: column, end: column + name.length, kind: 'scalar', value: name, children: noChildren };
    into.node.children.push(keyNode);
    let valueAt = key.lastIndex;
    valueAt = skipSpaces(text, valueAt);
    if (valueAt === lineEnd || text[valueAt] === '#') {
      pending = { into, key: name, column: column - lineStart };
      lineStart = next;
      continue;
    }
    if (text[valueAt] === '|' && (valueAt + 1 === lineEnd || (valueAt + 2 === lineEnd && text[valueAt + 1] === '-'))) {
      // A set-aside block on the lines below, deeper than the key.
      const block = blocks[nextBlock];
      if (!block || block.start !== next) return null;
      nextBlock++;
      let bodyIndent = next;
      bodyIndent = skipSpaces(text, bodyIndent);
      if (bodyIndent - next <= column - lineStart) return null;
      const end = Math.min(block.end + 1, text.length);
      // A long block's value (a dashboard, which is read from the block as it stands) is made when
      // something reads it; a short one's (a query, which is read) at once, as a plain property.
      if (block.end - block.start > lazyBlockLength) {
        const node: PositionNode = { start: valueAt, end, kind: 'scalar', value: undefined, children: noChildren, block };
        readWhenRead(node, 'value', block);
        readWhenRead(into.data, name, block);
        into.node.children.push(node);
        into.node.end = end;
      } else {
        attach(into, block.value, { start: valueAt, end, kind: 'scalar', value: block.value, children: noChildren, block }, name);
      }
      lineStart = end;
      continue;
    }
    const scalar = readScalar(text, valueAt, lineEnd);
    if (!scalar) return null;
    attach(into, scalar.value, scalar.node, name);
    lineStart = next;
  }
  if (pending || !root || nextBlock !== blocks.length) return null;
  return [{ data: root.data, root: root.node }];
}

/** A plain or one-line quoted scalar from `start` to the end of its line (or a comment), or null. */
function readScalar(text: string, start: number, lineEnd: number): { value: unknown; node: PositionNode } | null {
  const first = text[start];
  let value: unknown;
  let end: number;
  if (first === "'" || first === '"') {
    let close = start + 1;
    for (;;) {
      close = text.indexOf(first, close);
      if (close === -1 || close >= lineEnd) return null;
      if (first === "'" && text[close + 1] === "'") { close += 2; continue; }
      break;
    }
    const inner = text.slice(start + 1, close);
    if (first === '"' && inner.includes('\\')) return null;
    value = first === "'" ? inner.replaceAll("''", "'") : inner;
    end = close + 1;
    let k = end;
    k = skipSpaces(text, k);
    if (k < lineEnd && !(text[k] === '#' && k > end)) return null;
  } else {
    plainStart.lastIndex = start;
    if (!plainStart.test(text)) return null;
    // Searched in the line alone: a search of the text would run on to its end for each scalar.
    const line = text.slice(start, lineEnd);
    const comment = line.indexOf(' #');
    const raw = (comment === -1 ? line : line.slice(0, comment)).trimEnd();
    const stop = start + raw.length;
    if (raw.includes(': ') || raw.endsWith(':')) return null;
    value = resolvePlain(raw);
    end = stop;
  }
  return { value, node: { start, end, kind: 'scalar', value, children: noChildren } };
}
