/**
 * The fast paths of `headroom lint` (the lean CLI root, its one-file bundle run from V8's code cache,
 * the analysis kept per query text, YAML read by js-yaml with recorded positions, literal blocks
 * set aside from js-yaml, the plainest YAML read line by line) report exactly what lint reported before them: the findings of
 * the conformance corpus and of the broken and odd files, in the JSON format, equal
 * test/fixtures/lint/reference-findings.json, which the lint of commit 6b13dfc (before the speed
 * work) wrote. A deliberate change of findings regenerates that file (see the fixtures README).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsYaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { loadYamlFast, type FastYamlDocument } from '../../../src/generators/lint/fast-yaml.js';
import { setAsideLiteralBlocks } from '../../../src/generators/lint/literal-blocks.js';
import { readPlainBlockYaml } from '../../../src/generators/lint/plain-block-yaml.js';
import { positionedSourceDoc, yamlSourceDoc } from '../../../src/generators/lint/source-position.js';
import { formatLintFindings, lintFiles } from '../../../src/generators/lint/index.js';
import { writeLintCorpus } from '../../fixtures/lint/generate-corpus.js';
import { freshLintBundle } from '../../helpers/lint-bundle.js';
// @ts-expect-error plain JavaScript, no declarations
import { loadLintBundle } from '../../../bin/lint-bundle.mjs';

interface JsonFinding { file: string; line: number | null; column: number | null; level: string; check: string; where: string; message: string }
type Corpus = 'corpus' | 'broken' | 'odd';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'lint');
const reference = JSON.parse(readFileSync(join(fixtures, 'reference-findings.json'), 'utf8')) as Record<Corpus, JsonFinding[]>;
const work = mkdtempSync(join(tmpdir(), 'headroom-lint-fast-'));
const dirs: Record<Corpus, string> = { corpus: join(work, 'corpus'), broken: join(fixtures, 'broken'), odd: join(fixtures, 'odd') };
beforeAll(() => writeLintCorpus(dirs.corpus));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** JSON-format findings with paths relative to the linted directory. */
function relativeTo(dir: string, text: string): JsonFinding[] {
  return (JSON.parse(text) as JsonFinding[]).map((f) => ({ ...f, file: relative(dir, f.file) }));
}

describe('lint fast paths give the reference findings', () => {
  it('lintFiles (analysis kept per query text) on the conformance corpus, the broken and the odd files', async () => {
    for (const name of ['corpus', 'broken', 'odd'] as const) {
      // Twice: the second run meets every query in the analysis cache.
      for (let run = 0; run < 2; run++) {
        const { findings } = await lintFiles([dirs[name]], { severities: ['critical', 'warning', 'info'] });
        expect(relativeTo(dirs[name], formatLintFindings(findings, 'json')), `${name}, run ${run + 1}`).toEqual(reference[name]);
      }
    }
    expect(reference.corpus).toHaveLength(65);
    expect(reference.broken.length).toBeGreaterThan(30);
  });

  it('the lint bundle, compiled and then from its code cache, prints the same JSON through the lean CLI root', async () => {
    const made: { modules?: string[] } = {};
    const { bundle: file, cache } = await freshLintBundle('lint-bundle', made);
    // One copy of each library (the modules esbuild put in the bundle): the type checker's ESM
    // build shares our Lezer, and no editor package comes along.
    const modules = made.modules ?? [];
    expect(modules.filter((m) => m.startsWith('node_modules/@lezer/common/'))).toHaveLength(1);
    expect(modules.filter((m) => m.startsWith('node_modules/@prometheus-io/lezer-promql/'))).toHaveLength(1);
    expect(modules.filter((m) => m.startsWith('node_modules/@codemirror/'))).toEqual([]);
    expect(modules.filter((m) => m.includes('codemirror-promql/dist/esm/parser/parser.js'))).toHaveLength(1);
    for (const attempt of ['compiled', 'cached'] as const) {
      const bundle = loadLintBundle(file, cache) as { exports: { lintMain(argv: string[], out: NodeJS.WritableStream): Promise<number> }; cacheUsed: boolean; writeCache(force?: boolean): boolean };
      expect(bundle.cacheUsed).toBe(attempt === 'cached');
      for (const name of ['corpus', 'broken', 'odd'] as const) {
        let text = '';
        const out = new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } });
        const code = await bundle.exports.lintMain(['node', 'headroom', 'lint', '--format', 'json', dirs[name]], out);
        expect(code, `${name} exit code (${attempt})`).toBe(reference[name].some((f) => f.level === 'error') ? 1 : 0);
        expect(relativeTo(dirs[name], text), `${name} (${attempt})`).toEqual(reference[name]);
      }
      if (attempt === 'compiled') expect(bundle.writeCache()).toBe(true);
    }
  }, 120_000);
});

describe('fast YAML reading (line by line, or js-yaml with recorded positions) agrees with yaml', () => {
  /** Every path to a value of `data`, depth first. */
  function paths(data: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const out = [prefix];
    if (Array.isArray(data)) data.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
    else if (data !== null && typeof data === 'object') for (const [k, v] of Object.entries(data)) out.push(...paths(v, [...prefix, k]));
    return out;
  }
  const get = (data: unknown, path: (string | number)[]) => path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], data);

  /** The YAML fixtures of the lint tests and the conformance corpus, and every 17th prefix and some one-character corruptions of the small ones. */
  function texts(): [string, string][] {
    const out: [string, string][] = [];
    const files = [...['broken', 'odd'].flatMap((d) => readdirSync(join(fixtures, d)).map((f) => join(fixtures, d, f))), ...readdirSync(dirs.corpus).map((f) => join(dirs.corpus, f))].filter((f) => /\.ya?ml$/.test(f));
    for (const f of files) {
      const t = readFileSync(f, 'utf8');
      out.push([f, t]);
      if (t.length > 5000) continue;
      for (let i = 0; i < t.length; i += 17) out.push([`${f} prefix ${i}`, t.slice(0, i)]);
      for (let i = 0; i < t.length; i += 29) for (const c of [':', '-', ' ', '"', '\n', '{', '#', '|']) out.push([`${f} ${JSON.stringify(c)} at ${i}`, t.slice(0, i) + c + t.slice(i + 1)]);
    }
    return [...out, ...Object.entries(blockTexts())];
  }

  /** A dashboard-like JSON text long enough to be set aside, indented by `n`. */
  const json = (n: number, extra = '') => JSON.stringify({ title: 'Blocks', uid: 'blocks', panels: Array.from({ length: 12 }, (_, i) => ({ id: i, title: `panel ${i}`, targets: [{ expr: `sum by (pod) (rate(x_total{job!~"a|b"}[5m])) * ${i}` }] })) }, null, 4).split('\n').map((l) => `${' '.repeat(n)}${l}${extra}`).join('\n');

  /** Texts with long literal blocks in every shape around the one literal-blocks.ts sets aside. */
  function blockTexts(): Record<string, string> {
    return {
      'strip block then sibling': `apiVersion: v1\ndata:\n  a.json: |-\n${json(4)}\nkind: ConfigMap\nmetadata:\n  name: a\n`,
      'clip block then sibling': `data:\n  a.json: |\n${json(4)}\nkind: ConfigMap\n`,
      'block at the end after a line break': `kind: ConfigMap\ndata:\n  a.json: |\n${json(4)}\n`,
      'block at the end without a line break': `kind: ConfigMap\ndata:\n  a.json: |-\n${json(4)}`,
      'blocks in a list of ConfigMaps': `apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    a.json: |-\n${json(6)}\n  kind: ConfigMap\n- data:\n    b.json: |\n${json(6)}\n  kind: ConfigMap\nkind: ConfigMapList\n`,
      'a list item key': `items:\n- a.json: |-\n${json(4)}\n  kind: ConfigMap\n`,
      'blank line inside': `data:\n  a.json: |-\n${json(4).replace('\n', '\n\n')}\nkind: ConfigMap\n`,
      'spaces-only line inside': `data:\n  a.json: |-\n${json(4).replace('\n', '\n      \n')}\nkind: ConfigMap\n`,
      'trailing blank lines': `data:\n  a.json: |\n${json(4)}\n\n   \nkind: ConfigMap\n`,
      'trailing spaces': `data:\n  a.json: |-\n${json(4, '  ')}\nkind: ConfigMap\n`,
      'a tab after the indentation': `data:\n  a.json: |-\n${json(4)}\n    \tend\nkind: ConfigMap\n`,
      'more-indented first line': `data:\n  a.json: |-\n  ${json(4)}\nkind: ConfigMap\n`,
      'keep chomping': `data:\n  a.json: |+\n${json(4)}\n\nkind: ConfigMap\n`,
      'indentation indicator': `data:\n  a.json: |2\n${json(4)}\nkind: ConfigMap\n`,
      'folded': `data:\n  a.json: >-\n${json(4)}\nkind: ConfigMap\n`,
      'header with a comment': `data:\n  a.json: |- # the dashboard\n${json(4)}\nkind: ConfigMap\n`,
      'quoted key': `data:\n  "a.json": |-\n${json(4)}\nkind: ConfigMap\n`,
      'a block inside a block': `data:\n  rules.yaml: |\n    groups:\n    - name: g\n      x: |-\n${json(8)}\n    tail: 1\nkind: ConfigMap\n`,
      'a block inside a folded block': `data:\n  rules.yaml: >\n    x: |-\n${json(6)}\nkind: ConfigMap\n`,
      'a document that is a block': `--- |\nx: |-\n${json(2)}\ny: 1\n`,
      'two documents': `a.json: |-\n${json(2)}\nb: 1\n---\nc.json: |\n${json(2)}\nd: 2\n`,
      'a header inside a quoted scalar': `a: "text\n  k: |\n${json(4)}\n  end"\nb: 1\n`,
      'less-indented body': `data:\n  a.json: |-\n  x\n${json(2)}\nkind: ConfigMap\n`,
      'dedent to the key column': `data:\n  a.json: |-\n${json(4)}\n  b.json: 1\n`,
    };
  }

  it('sets aside plain literal blocks (dashboards in a ConfigMapList, queries in rule files) and only those', () => {
    const dashboards = readFileSync(join(dirs.corpus, 'grafana-dashboardDefinitions.yaml'), 'utf8');
    expect(setAsideLiteralBlocks(dashboards)?.values.size).toBe(33);
    // Every `expr: |` block of a rule file, short as it is.
    const rules = readFileSync(join(dirs.corpus, 'node-prometheusRule.yaml'), 'utf8');
    const exprBlocks = rules.match(/^ *(- )?expr: \|\n/gm)?.length ?? 0;
    expect(exprBlocks).toBeGreaterThan(10);
    expect(setAsideLiteralBlocks(rules)?.values.size).toBe(exprBlocks);
    // A text with a block set aside is read by js-yaml (the test above checks that reading against
    // yaml's) — but for a stream of several documents, which the fast path leaves to yaml.
    const aside = (name: string) => {
      const n = setAsideLiteralBlocks(blockTexts()[name]!)?.values.size ?? 0;
      if (n && name !== 'two documents') expect(loadYamlFast(blockTexts()[name]!), name).not.toBeNull();
      return n;
    };
    for (const name of ['strip block then sibling', 'clip block then sibling', 'block at the end after a line break', 'a list item key', 'trailing spaces', 'a block inside a block']) expect(aside(name), name).toBe(1);
    expect(aside('blocks in a list of ConfigMaps')).toBe(2);
    expect(aside('two documents')).toBe(2);
    for (const name of ['blank line inside', 'trailing blank lines', 'quoted key', 'a tab after the indentation', 'keep chomping', 'indentation indicator', 'folded', 'header with a comment', 'a block inside a folded block', 'a document that is a block', 'block at the end without a line break']) expect(aside(name), name).toBe(0);
    // A block around a block is set aside whole, the inner one as its text.
    const outer = loadYamlFast(blockTexts()['a block inside a block']!)![0]!.data as { data: Record<string, string> };
    expect(outer.data['rules.yaml']).toContain('"title": "Blocks"');
  });

  /** Checks the fast reading `docs` of `text` against yaml's: data, and the position of every value and inside every string. Returns the values checked. */
  function expectYamlReading(name: string, text: string, docs: FastYamlDocument[]): number {
    let checked = 0;
    const reference = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
    const list = Array.isArray(reference) ? reference : [];
    expect(list.flatMap((d) => d.errors.map((e) => e.message)), name).toEqual([]);
    expect(docs.length, name).toBe(list.length);
    docs.forEach((doc, i) => {
      const data = list[i]!.toJS({ maxAliasCount: 1000 }) as unknown;
      expect(doc.data, name).toEqual(data);
      if (data === null || data === undefined) return;
      const ours = positionedSourceDoc(doc.root, doc.data, (o) => ({ line: o, column: 0 }), text);
      const theirs = yamlSourceDoc(() => list[i]!, data, (o) => ({ line: o, column: 0 }), text);
      for (const p of paths(data)) {
        expect(ours.offset(p), `${name} ${JSON.stringify(p)}`).toBe(theirs.offset(p));
        const v = get(data, p);
        if (typeof v === 'string') for (const k of [0, 1, Math.floor(v.length / 2), v.length - 1]) if (k >= 0 && k < v.length) expect(ours.offset(p, k), `${name} ${JSON.stringify(p)} +${k}`).toBe(theirs.offset(p, k));
        checked++;
      }
      expect(ours.offset([...paths(data).at(-1)!, 'missing'])).toBe(theirs.offset([...paths(data).at(-1)!, 'missing']));
    });
    return checked;
  }

  it('reads the same data and finds the same position for every value and inside every string, or leaves the text to yaml', () => {
    let fast = 0;
    let checked = 0;
    for (const [name, text] of texts()) {
      const docs = loadYamlFast(text);
      if (!docs) continue;
      fast++;
      checked += expectYamlReading(name, text, docs);
    }
    // Most texts take the fast path; the rest (errors, empty values, odd constructs) are yaml's.
    expect(fast).toBeGreaterThan(300);
    expect(checked).toBeGreaterThan(10_000);
  }, 300_000);

  it('reads the plainest texts line by line to js-yaml\'s data (positions: the test above), every corpus file among them', () => {
    let plain = 0;
    const readPlain = (text: string) => readPlainBlockYaml(text, setAsideLiteralBlocks(text)?.blocks);
    for (const [name, text] of texts()) {
      const ours = readPlain(text);
      if (!ours) continue;
      plain++;
      const theirs: unknown[] = [];
      jsYaml.loadAll(text, (doc) => theirs.push(doc), { schema: jsYaml.CORE_SCHEMA });
      expect(ours.map((d) => d.data), name).toEqual(theirs);
    }
    expect(plain).toBeGreaterThan(50);
    for (const f of readdirSync(dirs.corpus)) {
      const text = readFileSync(join(dirs.corpus, f), 'utf8');
      expect(readPlain(text), f).not.toBeNull();
    }
    // Every prefix of whole lines of a rule file the line reader takes: js-yaml's data, yaml's positions.
    const rules = readFileSync(join(dirs.corpus, 'node-prometheusRule.yaml'), 'utf8').split('\n');
    let prefixes = 0;
    for (let n = 1; n <= rules.length; n++) {
      const text = `${rules.slice(0, n).join('\n')}\n`;
      if (!readPlain(text)) continue;
      prefixes++;
      expectYamlReading(`node rules, ${n} lines`, text, loadYamlFast(text)!);
    }
    expect(prefixes).toBeGreaterThan(rules.length / 2);
  });

  it('reads compact sequences, comments, quotes and set-aside blocks line by line, and leaves every other construct to js-yaml', () => {
    const read = (text: string) => readPlainBlockYaml(text)?.map((d) => d.data);
    expect(read('# c\n---\na:\n- b: 1\n  c: x y # note\n- 2\n# between\nd: true\ne: \'it\'\'s\'\nf: "q"  # q\ng: ~\n')).toEqual([{ a: [{ b: 1, c: 'x y' }, 2], d: true, e: "it's", f: 'q', g: null }]);
    const blocks = 'r:\n- expr: |\n    up\n- x: |-\n    a\n     b\nk: 1\n';
    expect(readPlainBlockYaml(blocks, setAsideLiteralBlocks(blocks)?.blocks)?.map((d) => d.data)).toEqual([{ r: [{ expr: 'up\n' }, { x: 'a\n b' }], k: 1 }]);
    const refused: Record<string, string> = {
      'a flow collection': 'a: [1, 2]\n',
      'an alias': 'a: *b\n',
      'a multi-line plain scalar': 'a: b\n  c\n',
      'a quoted scalar over two lines': "a: 'b\n  c'\n",
      'an escape': 'a: "b\\n"\n',
      'text after a quoted scalar': "a: 'b' c\n",
      'an empty value': 'a:\nb: 1\n',
      'an empty value at the end': 'a: 1\nb:\n',
      'an empty item': '-\n- a\n',
      'an item holding a sequence': '- - a\n',
      'a duplicate key': 'a: 1\na: 2\n',
      'a number as key': '1: a\n',
      'a key with a space': 'a b: 1\n',
      'a misaligned key': 'a:\n  b: 1\n c: 2\n',
      'a deeper key after a value': 'a: 1\n  b: 2\n',
      'a block that is not set aside': 'a: |\n  b\n',
      'a folded block': 'a: >\n  b\n',
      'a tab': 'a:\tb\n',
      'a character outside ASCII': 'a: \u00e9\n',
      'a second document': 'a: 1\n---\nb: 2\n',
      'a scalar document': 'a\n',
      'only comments': '# a\n',
    };
    for (const [name, text] of Object.entries(refused)) expect(readPlainBlockYaml(text), name).toBeNull();
  });
});
