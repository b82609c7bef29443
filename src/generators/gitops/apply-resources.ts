/**
 * `--apply-to`: edits `resources` in Kubernetes manifests and Helm values files in place.
 *
 * The yaml Document API finds the nodes (with their source offsets); the edits are spliced into the
 * original text, so everything else — comments, blank lines, quoting, indentation, key order,
 * other documents of the file — stays byte for byte. Only the resource values change (and keys
 * are added or removed where the recommendation needs it).
 *
 *   parse all documents ─► locate workload containers (manifests) or `resources` maps (Helm values)
 *     ─► plan splices per key ─► apply splices from the end of the text backwards
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ContainerRecommendation } from '../../domain/recommendation.js';
import { containersPath } from './container-path.js';
import { parseQuantity } from './quantity.js';
import { toResourceValues, type ResourceValues } from './resource-values.js';

export interface ApplyChange {
  /** `namespace/Kind/workload`. */
  workload: string;
  container: string;
  /** `requests.cpu`, `limits.memory`, … */
  field: string;
  from: string | null;
  to: string | null;
}

export interface ApplyFileResult {
  text: string;
  changes: ApplyChange[];
  notes: string[];
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

type Section = 'requests' | 'limits';
type ResourceKey = 'cpu' | 'memory';
const sections: Section[] = ['requests', 'limits'];
const keys: ResourceKey[] = ['cpu', 'memory'];

function columnOf(src: string, offset: number): number {
  return offset - (src.lastIndexOf('\n', offset - 1) + 1);
}

function lineStart(src: string, offset: number): number {
  return src.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the newline ending the line that contains `offset` (or the end of text). */
function nextLineStart(src: string, offset: number): number {
  const nl = src.indexOf('\n', offset);
  return nl === -1 ? src.length : nl + 1;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String((p.key as Scalar).value) === key) as Pair | undefined;
}

function scalarText(node: unknown): string | null {
  if (isScalar(node)) return node.value === null || node.value === undefined ? null : String(node.value);
  return null;
}

function quoteLike(original: Scalar | null, value: string): string {
  if (original?.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (original?.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return value;
}

/** Where to insert new lines after the last item of a block map: the start of the line after it. */
function endOfLastItem(src: string, map: YAMLMap): number {
  const last = map.items[map.items.length - 1]!;
  const node = (last.value ?? last.key) as { range?: [number, number, number] };
  const end = node.range ? node.range[1] : (last.key as Scalar).range![1];
  return src[end - 1] === '\n' ? end : nextLineStart(src, end);
}

function ensureTrailingNewline(src: string, at: number): string {
  return at === src.length && src.length > 0 && !src.endsWith('\n') ? '\n' : '';
}

function renderBlock(values: Record<string, Record<string, string>>, indent: string): string {
  let out = '';
  for (const [section, entries] of Object.entries(values)) {
    if (!Object.keys(entries).length) continue;
    out += `${indent}${section}:\n`;
    for (const [k, v] of Object.entries(entries)) out += `${indent}  ${k}: ${v}\n`;
  }
  return out;
}

function sameQuantity(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const qa = parseQuantity(a);
  const qb = parseQuantity(b);
  return qa !== null && qb !== null && Math.abs(qa - qb) <= 1e-9 * Math.max(1, Math.abs(qa));
}

/** Reads `requests`/`limits` of a resources value that is a flow map, null, or missing. */
function readResourcesLoosely(node: unknown): Record<Section, Record<string, string>> {
  const out: Record<Section, Record<string, string>> = { requests: {}, limits: {} };
  if (!isMap(node)) return out;
  for (const s of sections) {
    const sec = node.get(s, true);
    if (!isMap(sec)) continue;
    for (const p of sec.items) {
      const k = scalarText(p.key);
      const v = scalarText(p.value);
      if (k !== null && v !== null) out[s][k] = v;
    }
  }
  return out;
}

/** Plans the splices that make one container's `resources` say `values`. */
function planResourceEdits(src: string, owner: YAMLMap, resourcesPair: Pair | undefined, values: ResourceValues, label: { workload: string; container: string }): { splices: Splice[]; changes: ApplyChange[] } {
  const splices: Splice[] = [];
  const changes: ApplyChange[] = [];
  const want: Record<Section, Record<ResourceKey, string | null>> = { requests: values.requests, limits: values.limits };
  const change = (field: string, from: string | null, to: string | null) => changes.push({ ...label, field, from, to });

  const resources = resourcesPair?.value;
  const isBlockMap = (n: unknown): n is YAMLMap => isMap(n) && !n.flow && n.items.length > 0;

  if (!resourcesPair || !isBlockMap(resources)) {
    // No usable block: write a whole new block (merging what a flow map or null held).
    const existing = readResourcesLoosely(resources);
    const merged: Record<string, Record<string, string>> = { requests: { ...existing.requests }, limits: { ...existing.limits } };
    for (const s of sections) {
      for (const k of keys) {
        const to = want[s][k];
        const from = existing[s][k] ?? null;
        if (to === null) delete merged[s]![k];
        else merged[s]![k] = to;
        if (!sameQuantity(from, to)) change(`${s}.${k}`, from, to);
      }
    }
    if (!changes.length) return { splices, changes };
    if (resourcesPair) {
      const keyNode = resourcesPair.key as Scalar;
      const indent = ' '.repeat(columnOf(src, keyNode.range![0]));
      const valueEnd = (resources as { range?: [number, number, number] } | null)?.range?.[1] ?? keyNode.range![1];
      const body = renderBlock(merged, `${indent}  `).replace(/\n$/, '');
      splices.push({ start: keyNode.range![0], end: valueEnd, text: `resources:\n${body}` });
    } else {
      const first = owner.items[0]!.key as Scalar;
      const indent = ' '.repeat(columnOf(src, first.range![0]));
      const at = endOfLastItem(src, owner);
      splices.push({ start: at, end: at, text: `${ensureTrailingNewline(src, at)}${indent}resources:\n${renderBlock(merged, `${indent}  `)}` });
    }
    return { splices, changes };
  }

  const resIndent = ' '.repeat(columnOf(src, (resources.items[0]!.key as Scalar).range![0]));
  const newSections: Record<string, Record<string, string>> = {};
  for (const s of sections) {
    const secPair = pairOf(resources, s);
    const sec = secPair?.value;
    if (!secPair || !isMap(sec) || sec.items.length === 0) {
      const entries: Record<string, string> = {};
      for (const k of keys) {
        const to = want[s][k];
        if (to !== null) {
          entries[k] = to;
          change(`${s}.${k}`, null, to);
        }
      }
      if (!Object.keys(entries).length) continue;
      if (secPair) {
        // `limits:` with a null or `{}` value: replace the pair with a block.
        const keyNode = secPair.key as Scalar;
        const valueEnd = (sec as { range?: [number, number, number] } | null)?.range?.[1] ?? keyNode.range![1];
        splices.push({ start: keyNode.range![0], end: valueEnd, text: renderBlock({ [s]: entries }, resIndent).slice(resIndent.length).replace(/\n$/, '') });
      } else {
        newSections[s] = entries;
      }
      continue;
    }
    if (sec.flow) {
      // A flow map (`{cpu: 100m, memory: 128Mi}`): rewrite it as a flow map, keeping unrelated keys.
      const current: Record<string, string> = {};
      for (const p of sec.items) {
        const k = scalarText(p.key);
        const v = scalarText(p.value);
        if (k !== null && v !== null) current[k] = v;
      }
      const next = { ...current };
      for (const k of keys) {
        const to = want[s][k];
        const from = current[k] ?? null;
        if (sameQuantity(from, to)) continue;
        change(`${s}.${k}`, from, to);
        if (to === null) delete next[k];
        else next[k] = to;
      }
      if (JSON.stringify(next) === JSON.stringify(current)) continue;
      const range = sec.range!;
      if (Object.keys(next).length === 0) {
        splices.push({ start: lineStart(src, (secPair.key as Scalar).range![0]), end: nextLineStart(src, range[1] - 1), text: '' });
      } else {
        splices.push({ start: range[0], end: range[1], text: `{${Object.entries(next).map(([k, v]) => `${k}: ${v}`).join(', ')}}` });
      }
      continue;
    }
    const itemIndent = ' '.repeat(columnOf(src, (sec.items[0]!.key as Scalar).range![0]));
    const removals: Pair[] = [];
    const inserts: string[] = [];
    for (const k of keys) {
      const to = want[s][k];
      const pair = pairOf(sec, k);
      const node = pair?.value;
      const from = pair ? scalarText(node) : null;
      if (sameQuantity(from, to)) continue;
      if (pair && to === null) {
        removals.push(pair);
        change(`${s}.${k}`, from, null);
      } else if (pair && isScalar(node) && node.range) {
        splices.push({ start: node.range[0], end: node.range[1], text: quoteLike(node, to!) });
        change(`${s}.${k}`, from, to);
      } else if (!pair && to !== null) {
        inserts.push(`${itemIndent}${k}: ${to}\n`);
        change(`${s}.${k}`, null, to);
      }
    }
    if (removals.length && removals.length === sec.items.length && !inserts.length) {
      // The section would be empty: remove it entirely.
      const keyNode = secPair.key as Scalar;
      splices.push({ start: lineStart(src, keyNode.range![0]), end: endOfLastItem(src, sec), text: '' });
      continue;
    }
    for (const pair of removals) {
      const keyNode = pair.key as Scalar;
      const valueNode = pair.value as Scalar;
      splices.push({ start: lineStart(src, keyNode.range![0]), end: nextLineStart(src, valueNode.range![1]), text: '' });
    }
    if (inserts.length) {
      const at = endOfLastItem(src, sec);
      splices.push({ start: at, end: at, text: ensureTrailingNewline(src, at) + inserts.join('') });
    }
  }
  if (Object.keys(newSections).length) {
    const at = endOfLastItem(src, resources);
    splices.push({ start: at, end: at, text: ensureTrailingNewline(src, at) + renderBlock(newSections, resIndent) });
  }
  return { splices, changes };
}

function applySplices(src: string, splices: Splice[]): string {
  const sorted = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = src;
  let limit = Number.POSITIVE_INFINITY;
  for (const s of sorted) {
    if (s.end > limit) continue; // overlapping edits cannot happen by construction; never corrupt the text if they do
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
    limit = s.start;
  }
  return out;
}

export interface ApplyOptions {
  /** For Helm values files: the file's path relative to the --apply-to directory (its folders name the release). */
  relativePath: string;
}

function workloadLabel(rec: ContainerRecommendation): string {
  return `${rec.ref.namespace}/${rec.ref.workloadKind}/${rec.ref.workload}`;
}

/** Finds the recommendation for a manifest's container; ambiguous names (same workload in several namespaces, file without namespace) are skipped. */
function matchManifestContainer(recs: readonly ContainerRecommendation[], kind: string, name: string, namespace: string | null, container: string): ContainerRecommendation | 'ambiguous' | null {
  const hits = recs.filter((r) => r.ref.workloadKind === kind && r.ref.workload === name && r.ref.container === container && (namespace === null || r.ref.namespace === namespace));
  if (hits.length > 1) return 'ambiguous';
  return hits[0] ?? null;
}

/** Resources maps in a Helm values document, with the keys leading to them (`[]` = top level). */
function findValuesResources(doc: Document): { path: string[]; owner: YAMLMap; pair: Pair }[] {
  const found: { path: string[]; owner: YAMLMap; pair: Pair }[] = [];
  const walk = (map: YAMLMap, path: string[], depth: number) => {
    for (const p of map.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const key = String(p.key.value);
      if (key === 'resources') found.push({ path, owner: map, pair: p });
      else if (isMap(p.value) && depth < 4) walk(p.value, [...path, key], depth + 1);
    }
  };
  if (isMap(doc.contents)) walk(doc.contents, [], 0);
  return found;
}

const annotationRe = /#\s*headroom:\s*([^\s/]+)\/([^\s/]+)\/([^\s/]+)/;

/** Matches a Helm `resources` map to a container: `# headroom: namespace/workload/container` above it, else by key names and folder names. */
function matchValuesResources(src: string, recs: readonly ContainerRecommendation[], path: string[], pair: Pair, relativePath: string): ContainerRecommendation | 'ambiguous' | null {
  const keyStart = (pair.key as Scalar).range![0];
  const prevLineEnd = lineStart(src, keyStart) - 1;
  const prevLine = prevLineEnd > 0 ? src.slice(lineStart(src, prevLineEnd), prevLineEnd) : '';
  const annotation = annotationRe.exec(prevLine);
  if (annotation) {
    const [, ns, workload, container] = annotation;
    return recs.find((r) => r.ref.namespace === ns && r.ref.workload === workload && r.ref.container === container) ?? null;
  }
  const folders = relativePath.split(/[\\/]/).slice(0, -1);
  const fileBase = relativePath.split(/[\\/]/).pop()!.replace(/\.ya?ml$/, '').replace(/^values[-.]?/, '').replace(/[-.]?values$/, '');
  const names = new Set([...folders, ...(fileBase ? [fileBase] : [])]);
  const key = path[path.length - 1];
  let hits: ContainerRecommendation[];
  if (key === undefined) {
    // Top-level `resources`: the chart's main container; the release is named by a folder or the file.
    hits = recs.filter((r) => names.has(r.ref.workload));
    if (hits.length > 1) hits = hits.filter((r) => r.ref.container === r.ref.workload);
  } else {
    hits = recs.filter((r) => r.ref.workload === key || (r.ref.container === key && names.has(r.ref.workload)));
    if (hits.length > 1) hits = hits.filter((r) => r.ref.container === key || r.ref.container === r.ref.workload);
    if (hits.length > 1) hits = hits.filter((r) => names.has(r.ref.namespace) || names.has(r.ref.workload));
  }
  if (hits.length > 1) return 'ambiguous';
  return hits[0] ?? null;
}

/**
 * Applies the recommendations to one file's text. Manifests are matched by kind, name, namespace
 * (when the file sets one) and container name; Helm values files by annotation, key or folder.
 */
export function applyRecommendationsToText(src: string, recs: readonly ContainerRecommendation[], options: ApplyOptions): ApplyFileResult {
  const usable = recs.filter((r) => r.status === 'recommended');
  const docs = parseAllDocuments(src);
  const notes: string[] = [];
  const splices: Splice[] = [];
  const changes: ApplyChange[] = [];
  if (!Array.isArray(docs)) return { text: src, changes, notes };
  for (const doc of docs) {
    if (doc.errors.length) {
      notes.push(`${options.relativePath}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); left unchanged`);
      return { text: src, changes: [], notes };
    }
    const kind = scalarText(doc.get('kind', true));
    const isManifest = kind !== null && doc.get('apiVersion') !== undefined;
    if (isManifest) {
      const cPath = containersPath(kind);
      if (!cPath) continue;
      const name = scalarText(doc.getIn(['metadata', 'name'], true));
      const namespace = scalarText(doc.getIn(['metadata', 'namespace'], true));
      const containers = doc.getIn(cPath, true);
      if (!name || !isSeq(containers)) continue;
      for (const item of containers.items) {
        if (!isMap(item)) continue;
        const cname = scalarText(item.get('name', true));
        if (!cname) continue;
        const rec = matchManifestContainer(usable, kind, name, namespace, cname);
        if (rec === 'ambiguous') {
          notes.push(`${options.relativePath}: ${kind}/${name} container ${cname} matches workloads in several namespaces; set metadata.namespace to apply`);
          continue;
        }
        if (!rec) continue;
        const plan = planResourceEdits(src, item, pairOf(item, 'resources'), toResourceValues(rec), { workload: workloadLabel(rec), container: cname });
        splices.push(...plan.splices);
        changes.push(...plan.changes);
      }
    } else if (kind === null) {
      for (const found of findValuesResources(doc)) {
        const rec = matchValuesResources(src, usable, found.path, found.pair, options.relativePath);
        if (rec === 'ambiguous') {
          notes.push(`${options.relativePath}: ${[...found.path, 'resources'].join('.')} matches several containers; add a "# headroom: namespace/workload/container" comment above it`);
          continue;
        }
        if (!rec) continue;
        const plan = planResourceEdits(src, found.owner, found.pair, toResourceValues(rec), { workload: workloadLabel(rec), container: rec.ref.container });
        splices.push(...plan.splices);
        changes.push(...plan.changes);
      }
    }
  }
  return { text: splices.length ? applySplices(src, splices) : src, changes, notes };
}
