/**
 * From a file's bytes to the things lint checks: rule groups, dashboards and SLO specs, wherever
 * they sit — plain files, `---`-separated YAML streams, PrometheusRule CRDs, ConfigMaps and
 * ConfigMapLists with dashboards or rules in `data`, Grafana's `{ dashboard: … }` export wrapper.
 * Anything else becomes a finding; nothing here throws for any input.
 */
import { parseAllDocuments, type Document } from 'yaml';
import { lintMessages as msg } from './messages.js';
import { loadYamlFast, type FastYamlDocument } from './fast-yaml.js';
import { jsonSourceDoc, lineColumnOf, positionedSourceDoc, yamlSourceDoc, type DataPath, type SourceDoc } from './source-position.js';
import type { LintCheck } from './checks.js';
import type { FilePosition } from './types.js';

export type LintUnit =
  | { kind: 'rules'; src: SourceDoc; groupsPath: DataPath; where: string }
  /** `objectName`: a Kubernetes Dashboard's (dashboard.grafana.app), which is the dashboard's uid there. */
  | { kind: 'dashboard'; src: SourceDoc; path: DataPath; where: string; objectName?: string }
  | { kind: 'slo'; text: string };

export interface InputProblem { check: LintCheck; position?: FilePosition | undefined; where: string; message: string }

const ignoredKeys = ['rule_files', 'route', 'providers', 'datasources', 'receivers', 'global', 'scrape_configs', 'tests'];

/** True when a value looks like a Grafana dashboard. */
export function isDashboard(d: unknown): boolean {
  return isObject(d) && ('panels' in d || 'rows' in d || 'schemaVersion' in d || ('uid' in d && 'title' in d));
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Finds the lintable units of one document's data. */
function classify(src: SourceDoc & { offset(path: DataPath, valueOffset?: number): number }, data: unknown, path: DataPath, where: string, units: LintUnit[], problems: InputProblem[], embeddedDepth: number, wholeText: string | null): void {
  if (data === null || data === undefined) return;
  if (!isObject(data)) {
    problems.push({ check: 'input/kind', position: src.position(path), where, message: msg.topLevelType(typeName(data)) });
    return;
  }
  if ((data.kind === 'List' || data.kind === 'ConfigMapList' || (data.kind === undefined && Array.isArray(data.items) && 'apiVersion' in data)) && 'items' in data) {
    if (!Array.isArray(data.items)) {
      problems.push({ check: 'input/shape', position: src.position([...path, 'items']), where, message: msg.notList('items', typeName(data.items)) });
      return;
    }
    data.items.forEach((item, i) => classify(src, item, [...path, 'items', i], itemWhere(item, i), units, problems, embeddedDepth, null));
    return;
  }
  if (data.kind === 'ConfigMap') {
    const entries = data.data;
    if (entries === undefined || entries === null) return;
    if (!isObject(entries)) {
      problems.push({ check: 'input/shape', position: src.position([...path, 'data']), where, message: msg.notObject('data', typeName(entries)) });
      return;
    }
    for (const key of Object.keys(entries)) {
      const isJson = key.endsWith('.json');
      const isYaml = /\.(ya?ml|rules)$/.test(key);
      if (!isJson && !isYaml) continue;
      const entryWhere = `${where ? `${where}, ` : ''}data "${key}"`;
      const before = problems.length;
      readConfigMapEntry(src, entries, [...path, 'data', key], isJson, entryWhere, units, problems, embeddedDepth);
      // Another program's YAML configuration beside the rules and dashboards (kube-prometheus'
      // blackbox exporter and prometheus-adapter ConfigMaps) is none of lint's business; an entry
      // named for rules or alerts that is none, or JSON that is no dashboard (ConfigMaps of
      // dashboards name them as they like), is.
      if (isYaml && !/rule|alert/i.test(key)) {
        const kept = problems.slice(before).filter((p) => p.check !== 'input/kind');
        problems.splice(before, problems.length - before, ...kept);
      }
    }
    return;
  }
  // grafana-operator's GrafanaDashboard holds its dashboard as a JSON string in spec.json (its
  // gzipJson, url, grafanaCom and jsonnet sources are not read); Grafana's own Kubernetes API
  // (dashboard.grafana.app v0/v1) has the dashboard model as its spec.
  if (data.kind === 'GrafanaDashboard' && isObject(data.spec)) {
    if (typeof data.spec.json === 'string') readConfigMapEntry(src, data.spec, [...path, 'spec', 'json'], true, `${where ? `${where}, ` : ''}spec.json`, units, problems, embeddedDepth);
    return;
  }
  if (data.kind === 'Dashboard' && typeof data.apiVersion === 'string' && /^dashboard\.grafana\.app\/v[01]/.test(data.apiVersion) && isDashboard(data.spec)) {
    const name = isObject(data.metadata) && typeof data.metadata.name === 'string' ? data.metadata.name : undefined;
    units.push({ kind: 'dashboard', src, path: [...path, 'spec'], where, ...(name ? { objectName: name } : {}) });
    return;
  }
  if (data.kind === 'PrometheusRule') {
    const spec = data.spec;
    if (!isObject(spec)) {
      problems.push({ check: 'input/shape', position: src.position([...path, 'spec']), where, message: msg.notObject('spec', typeName(spec)) });
      return;
    }
    units.push({ kind: 'rules', src, groupsPath: [...path, 'spec', 'groups'], where });
    return;
  }
  if ('groups' in data) {
    units.push({ kind: 'rules', src, groupsPath: [...path, 'groups'], where });
    return;
  }
  if (isDashboard(data)) {
    units.push({ kind: 'dashboard', src, path, where });
    return;
  }
  if (isDashboard(data.dashboard)) {
    units.push({ kind: 'dashboard', src, path: [...path, 'dashboard'], where });
    return;
  }
  // SLO specs (sloth prometheus/v1, its CRD, OpenSLO) are parsed whole by the SLO parser: a file
  // of several documents (OpenSLO SLO + SLI + AlertPolicy) is one unit. sloth's AlertWindows (its
  // burn-rate windows for another SLO period, `--slo-period-windows-path`) is no spec: sloth's own.
  if (data.version === 'prometheus/v1' || (typeof data.apiVersion === 'string' && /^(sloth\.slok\.dev|openslo)\//.test(data.apiVersion) && data.kind !== 'AlertWindows')) {
    if (wholeText !== null && !units.some((u) => u.kind === 'slo' && u.text === wholeText)) units.push({ kind: 'slo', text: wholeText });
    return;
  }
  // Other Kubernetes objects, promtool tests, Alertmanager, Prometheus and Grafana provisioning
  // files are checked by their own tools.
  if ((typeof data.apiVersion === 'string' && typeof data.kind === 'string') || ignoredKeys.some((k) => k in data)) return;
  problems.push({ check: 'input/kind', position: src.position(path), where, message: msg.unknownKind() });
}

/** One `data` entry of a ConfigMap (a dashboard's JSON or a rule file's YAML), or a GrafanaDashboard's spec.json, at `valuePath`. */
function readConfigMapEntry(src: SourceDoc & { offset(path: DataPath, valueOffset?: number): number }, entries: Record<string, unknown>, valuePath: DataPath, isJson: boolean, where: string, units: LintUnit[], problems: InputProblem[], embeddedDepth: number): void {
  const key = String(valuePath.at(-1));
  // A dashboard in a plain literal block is read from the file as it stands: JSON does not mind
  // the block's indentation, so its value is never made and its positions need no mapping back.
  if (isJson && embeddedDepth <= 1 && readJsonBlock(src.blockSource?.(valuePath), where, units, problems, embeddedDepth + 1)) return;
  const value = entries[key];
  if (typeof value !== 'string') {
    problems.push({ check: 'input/shape', position: src.position(valuePath), where, message: msg.notString(`data "${key}"`, typeName(value)) });
    return;
  }
  if (embeddedDepth > 1) return;
  const toFile = (offset: number) => src.position(valuePath, offset);
  readText(value, isJson, toFile, where, units, problems, embeddedDepth + 1);
}

function itemWhere(item: unknown, i: number): string {
  const meta = isObject(item) && isObject(item.metadata) ? item.metadata : null;
  const name = meta && typeof meta.name === 'string' ? meta.name : null;
  const kind = isObject(item) && typeof item.kind === 'string' ? item.kind : 'item';
  return name ? `${kind} "${name}"` : `items[${i}]`;
}

/** Position of a JSON.parse error, from Node's message ("at position N" or "line L column C"). */
function jsonErrorOffset(message: string, text: string): number {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) {
    const lines = text.split('\n');
    let offset = 0;
    for (let i = 0; i < Number(lc[1]) - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
    return offset + Number(lc[2]) - 1;
  }
  return text.length;
}

/** Reads the JSON of a literal block from its source (see SourceDoc.blockSource); false when there is none or it does not parse (its value is then read as any string is, for the same messages). */
function readJsonBlock(block: ReturnType<NonNullable<SourceDoc['blockSource']>> | undefined, where: string, units: LintUnit[], problems: InputProblem[], depth: number): boolean {
  if (!block) return false;
  let data: unknown;
  try {
    data = JSON.parse(block.text);
  } catch {
    return false;
  }
  classify(jsonSourceDoc(block.text, data, block.position), data, [], where, units, problems, depth, null);
  return true;
}

/** Reads YAML or JSON text (a file, or a string embedded in one) into units and problems. */
function readText(text: string, json: boolean, toFile: (offset: number) => FilePosition, where: string, units: LintUnit[], problems: InputProblem[], depth: number): void {
  // (A search for a character that is not whitespace stops at the first; trim() would look at all of a 16 KB dashboard.)
  if (!/\S/.test(text)) {
    problems.push({ check: 'input/empty', position: depth ? toFile(0) : undefined, where, message: msg.empty() });
    return;
  }
  if (json) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      const message = (err as Error).message;
      problems.push({ check: 'input/syntax', position: toFile(jsonErrorOffset(message, text)), where, message: msg.jsonSyntax(message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')) });
      return;
    }
    const src = jsonSourceDoc(text, data, toFile);
    classify(src, data, [], where, units, problems, depth, depth === 0 ? text : null);
    return;
  }
  // A rule file embedded in a ConfigMap has its own comments; their lines are mapped to the file's.
  const comments = text.includes('headroom-lint') ? lintComments(text, depth === 0 ? null : toFile) : [];
  const docs = readYamlDocuments(text, toFile, comments);
  // Each text is judged on its own documents: a broken sibling (another entry of a ConfigMap) does not make it less empty.
  let nonEmpty = 0;
  let broken = 0;
  for (const [i, doc] of docs.entries()) {
    const docWhere = docs.length > 1 ? `${where ? `${where}, ` : ''}document ${i + 1}` : where;
    if ('error' in doc) {
      problems.push({ check: 'input/syntax', position: toFile(doc.error.offset), where: docWhere, message: msg.yamlSyntax(doc.error.message) });
      broken++;
      continue;
    }
    if (doc.data === null || doc.data === undefined) continue;
    nonEmpty++;
    classify(doc.source(), doc.data, [], docWhere, units, problems, depth, depth === 0 ? text : null);
  }
  if (nonEmpty === 0 && broken === 0) problems.push({ check: 'input/empty', position: depth ? toFile(0) : undefined, where, message: msg.empty() });
}

/** A document as read: its data and how to find positions in it, or the syntax error that stopped it. */
type YamlDocument = { data: unknown; source(): PositionedSourceDoc } | { error: { offset: number; message: string } };
type PositionedSourceDoc = ReturnType<typeof positionedSourceDoc>;

/**
 * The documents of a YAML text. A text js-yaml reads (almost every real file) needs no second parse
 * for positions (fast-yaml.ts); `yaml` reads the rest, and gives every error message.
 */
function readYamlDocuments(text: string, toFile: (offset: number) => FilePosition, comments: SourceDoc['comments']): YamlDocument[] {
  const positioned = (docs: FastYamlDocument[]): YamlDocument[] => docs.map((doc) => ({ data: doc.data, source: () => positionedSourceDoc(doc.root, doc.data, toFile, text, comments) }));
  const fast = loadYamlFast(text);
  if (fast) return positioned(fast);
  // Merge keys (`<<: *rule`) as Go's YAML reads them in Prometheus rule files (its own test_aliases.yaml).
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, merge: true });
  const list: Document[] = Array.isArray(docs) ? docs : [];
  // A quoted scalar continued on lines indented as far as its key: Prometheus reads it (Go's YAML),
  // as js-yaml does; `yaml` alone calls the quote unclosed, and what follows it broken
  // (VictoriaMetrics' own alert files). js-yaml's reading stands where it reads the text whole.
  const firstErrors = list.map((doc) => doc.errors[0]).filter((e) => e !== undefined);
  if (firstErrors.length && firstErrors.every((e) => e.code === 'MISSING_CHAR' && /^Missing closing ["']quote/.test(e.message))) {
    const lenient = loadYamlFast(text, { quotedAcrossLines: true });
    if (lenient) return positioned(lenient);
  }
  return list.map((doc): YamlDocument => {
    const error = doc.errors[0];
    if (error) return { error: { offset: error.pos[0], message: error.message.split('\n')[0]! } };
    try {
      const data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
      return { data, source: () => yamlSourceDoc(() => doc, data, toFile, text, comments) };
    } catch (err) {
      return { error: { offset: doc.range?.[0] ?? 0, message: (err as Error).message } };
    }
  });
}

/**
 * `# headroom-lint disable <check>` and `# headroom-lint file/disable <check>` comment lines, with
 * the line of the next content below each. Lines are the file's: for text embedded in a file (a rule
 * file in a ConfigMap) `toFile` maps offsets of `text` to positions in the file.
 */
function lintComments(text: string, toFile: ((offset: number) => FilePosition) | null): SourceDoc['comments'] {
  const out: SourceDoc['comments'] = [];
  const lines = text.split('\n');
  const starts: number[] = [];
  for (let i = 0, offset = 0; i < lines.length; offset += lines[i]!.length + 1, i++) starts.push(offset);
  const lineOf = (i: number) => (toFile ? (i < lines.length ? toFile(starts[i]!).line : toFile(text.length).line + 1) : i + 1);
  lines.forEach((l, i) => {
    if (!/#\s*headroom-lint\s/.test(l)) return;
    let next = i + 1;
    while (next < lines.length && /^\s*(#.*)?$/.test(lines[next]!)) next++;
    out.push({ line: lineOf(i), text: l.slice(l.indexOf('#')), nextContentLine: lineOf(next) });
  });
  return out;
}

/** Reads one file's bytes; every problem becomes an input finding. */
export function readLintUnits(file: string, bytes: Buffer): { units: LintUnit[]; problems: InputProblem[] } {
  const units: LintUnit[] = [];
  const problems: InputProblem[] = [];
  if (bytes.subarray(0, 8000).includes(0)) {
    problems.push({ check: 'input/binary', where: '', message: msg.binary() });
    return { units, problems };
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.includes('\uFFFD') && !bytes.includes(Buffer.from('\uFFFD'))) {
    problems.push({ check: 'input/binary', where: '', message: msg.notUtf8() });
    return { units, problems };
  }
  const json = file.endsWith('.json') || (/^\s*[[{]/.test(text) && looksJson(text));
  readText(text, json, lineColumnOf(text), '', units, problems, 0);
  return { units, problems };
}

function looksJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

