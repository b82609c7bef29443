/**
 * YAML to data and positions in one pass, for the common case: js-yaml (about three times faster
 * than `yaml` composing a Document, which matters on a 1 MB ConfigMapList of dashboards) with its
 * parse-event listener recording where every node starts and ends, so positions need no second
 * parse. It answers "the offset of the value at this path" as `yaml`'s Document ranges do. Literal
 * blocks are set aside first (literal-blocks.ts), and the plainest texts — a rule file, a
 * ConfigMapList of dashboards — are read line by line without js-yaml (plain-block-yaml.ts).
 *
 * Only for plain YAML: a text with anchors or aliases (`yaml` bounds alias expansion), tags, merge
 * keys, empty values (`key:`, `- `), multi-line flow collections or quoted scalars (whose
 * indentation `yaml` checks and js-yaml does not), or one js-yaml refuses returns null and is read
 * by `yaml` (read-documents.ts), so every error message and every odd construct keeps `yaml`'s
 * reading. test/unit/generators/lint-fast-path.test.ts checks both readings agree. The core schema is `yaml`'s YAML
 * 1.2 default too (no timestamps, no yes/no booleans).
 */
import jsYaml from 'js-yaml';
import { setAsideLiteralBlocks, type SetAsideBlock, type SetAsideBlocks } from './literal-blocks.js';
import { readPlainBlockYaml } from './plain-block-yaml.js';
import type { DataPath } from './source-position.js';

/** A node of the document: where it starts and ends in the text, what it is, its children in order. */
export interface PositionNode {
  start: number;
  end: number;
  kind: 'scalar' | 'mapping' | 'sequence' | 'other';
  value: unknown;
  /** mapping: key, value, key, value…; sequence: the items. */
  children: PositionNode[];
  /** A literal block set aside and read line by line (plain-block-yaml.ts): its body in the text. */
  block?: SetAsideBlock;
}

export interface FastYamlDocument { data: unknown; root: PositionNode | null }

// Anchors (&a), aliases (*a), tags (!t, !!t) and merge keys (<<) where a node may start; `!=` is PromQL.
// Also a comment glued to a quoted scalar or a flow collection (`"a"#b`), which `yaml` refuses.
const unusual = /(^|[\s\-[{,:?])([&*][^\s,\]}]|!(?!=)|<<\s*:)|["'\]}]#/m;

/** Skips spaces, line breaks and comments from `i` (js-yaml opens a node before the separator's whitespace). */
function skipSpace(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else if (c === 35 && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? end : nl;
    } else break;
  }
  return i;
}

/** Does `text` between `start` and `end` have a line break before its last non-space character? */
function spansLines(text: string, start: number, end: number): boolean {
  const nl = text.indexOf('\n', start);
  return nl !== -1 && nl < end && text.slice(nl, end).trim() !== '';
}

// A node opened by js-yaml and not yet closed: it becomes a PositionNode when closed (one object per node).
interface OpenNode { start: number; end: number; kind: PositionNode['kind']; value: unknown; children: PositionNode[] }
const noChildren: PositionNode[] = [];

/**
 * The documents of `text` with positions, or null when `yaml` should read it (see above).
 * `quotedAcrossLines`: keep js-yaml's reading of quoted scalars over several lines. Go's YAML
 * (Prometheus) and js-yaml accept continuation lines indented as far as the key; `yaml` wants them
 * further in ("Missing closing quote"). Asked for when `yaml` refused the text for that alone.
 */
export function loadYamlFast(text: string, options: { quotedAcrossLines?: boolean } = {}): FastYamlDocument[] | null {
  // Literal blocks (JSON dashboards, PromQL) are read without js-yaml (literal-blocks.ts) and put back below.
  const aside = setAsideLiteralBlocks(text);
  const short = aside ? aside.text : text;
  if (unusual.test(short)) return null;
  // The plainest texts are read line by line (plain-block-yaml.ts), blocks and all; the rest by js-yaml.
  const plain = readPlainBlockYaml(text, aside?.blocks);
  if (plain) return plain;
  const docs = readPositioned(short, options.quotedAcrossLines ?? false);
  if (docs && aside) for (const doc of docs) restoreSetAside(doc, aside);
  return docs;
}

/** The set-aside blocks' values put back into a document read from the shortened text, and its offsets mapped to the original. */
function restoreSetAside(doc: FastYamlDocument, aside: SetAsideBlocks): void {
  const restore = (v: unknown): unknown => {
    if (typeof v === 'string') return aside.values.get(v) ?? v;
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = restore(v[i]);
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) (v as Record<string, unknown>)[k] = restore((v as Record<string, unknown>)[k]);
    return v;
  };
  doc.data = restore(doc.data);
  const nodes = doc.root ? [doc.root] : [];
  for (let node = nodes.pop(); node; node = nodes.pop()) {
    node.start = aside.toOriginal(node.start);
    node.end = aside.toOriginal(node.end);
    if (node.kind === 'scalar' && typeof node.value === 'string') node.value = aside.values.get(node.value) ?? node.value;
    for (const child of node.children) nodes.push(child);
  }
}

/** js-yaml's reading of `text` with the position of every node, or null (see above). */
function readPositioned(text: string, quotedAcrossLines: boolean): FastYamlDocument[] | null {
  const data: unknown[] = [];
  const stack: OpenNode[] = [{ start: 0, end: 0, kind: 'other', value: null, children: [] }];
  let leaveToYaml = false;
  try {
    jsYaml.loadAll(text, (doc) => data.push(doc), {
      schema: jsYaml.CORE_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ start: state.position, end: 0, kind: 'other', value: null, children: noChildren });
          return;
        }
        const node = stack.pop();
        if (!node || stack.length === 0) throw new Error('unbalanced parse events');
        const end = state.position;
        const start = skipSpace(text, node.start, end);
        const result = state.result as unknown;
        // An empty value (`key:`, `- `): `yaml` places it after the indicator; leave such texts to it.
        if (result === null && !/^(null|Null|NULL|~)/.test(text.slice(start, start + 4))) leaveToYaml = true;
        const kind = state.kind === 'scalar' || state.kind === 'mapping' || state.kind === 'sequence' ? state.kind : 'other';
        // Multi-line flow collections and quoted scalars: `yaml` checks their indentation and
        // closing, js-yaml is lenient; leave them to `yaml`.
        const first = text.charCodeAt(start);
        if ((kind === 'scalar' ? (first === 34 || first === 39) && !quotedAcrossLines : first === 123 || first === 91) && spansLines(text, start, end)) leaveToYaml = true;
        // Every item and every key and value must have its node, or positions would shift.
        if (kind === 'sequence' && (!Array.isArray(result) || node.children.length !== result.length)) leaveToYaml = true;
        if (kind === 'mapping' && node.children.length !== 2 * Object.keys(result as object).length) leaveToYaml = true;
        node.start = start;
        node.end = end;
        node.kind = kind;
        node.value = result;
        const parent = stack[stack.length - 1]!;
        if (parent.children === noChildren) parent.children = [node];
        else parent.children.push(node);
      },
    });
  } catch {
    return null;
  }
  // One root node per document (js-yaml calls back after reading them all).
  const roots = stack[0]!.children;
  if (leaveToYaml || stack.length !== 1 || roots.length !== data.length) return null;
  return data.map((d, i) => ({ data: d, root: roots[i]! }));
}

/** The node at `path`, or its nearest ancestor present (as `yaml`'s getIn, keys compared strictly), and whether it is the node itself. */
export function nodeAt(root: PositionNode, path: DataPath): { node: PositionNode; exact: boolean } {
  let node = root;
  for (const key of path) {
    let next: PositionNode | undefined;
    if (node.kind === 'mapping') {
      for (let i = 0; i + 1 < node.children.length; i += 2) if (node.children[i]!.value === key) next = node.children[i + 1];
    } else if (node.kind === 'sequence' && typeof key === 'number') next = node.children[key];
    if (!next) return { node, exact: false };
    node = next;
  }
  return { node, exact: true };
}
