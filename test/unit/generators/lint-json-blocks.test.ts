/**
 * A dashboard in a ConfigMap's literal block is read from the file as it stands (its indentation is
 * JSON whitespace), not from the block's value: these tests check that reading agrees with the
 * reading of the value — data, the position of every value and inside every string, and the
 * findings — and that the JSON scanner that finds those positions lands on every value.
 */
import { describe, expect, it } from 'vitest';
import { loadYamlFast } from '../../../src/generators/lint/fast-yaml.js';
import { substituteGrafanaVariablesMapped } from '../../../src/generators/lint/grafana-variables.js';
import { lintText } from '../../../src/generators/lint/index.js';
import { locateJsonValue, skipJsonValue } from '../../../src/generators/lint/json-locate.js';
import { jsonSourceDoc, positionedSourceDoc, type DataPath } from '../../../src/generators/lint/source-position.js';

/** Every path to a value of `data`, depth first. */
function paths(data: unknown, prefix: DataPath = []): DataPath[] {
  const out = [prefix];
  if (Array.isArray(data)) data.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (data !== null && typeof data === 'object') for (const [k, v] of Object.entries(data)) out.push(...paths(v, [...prefix, k]));
  return out;
}
const get = (data: unknown, path: DataPath) => path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], data);

/** A dashboard with the shapes positions go through: escapes, nested panels, an array at the top of a value, numbers, literals. */
const dashboard = {
  title: 'Blocks "quoted" \\ and é',
  uid: 'blocks',
  templating: { list: [{ name: 'cluster', type: 'query', query: 'label_values(up{job="a"}, cluster)', current: { value: 'c1' } }] },
  panels: [
    { id: 1, title: 'Rates', targets: [{ expr: 'sum by (pod) (rate(x_total{job!~"a"}[1m]))' }, { expr: 'rate(y_total{cluster="$cluster"}[30s])', hide: false }] },
    { id: 2, type: 'row', panels: [{ id: 3, title: 'Nested \u2014 \t tab', targets: [{ expr: 'up{instance=~"b"}\n  > 0' }], options: { list: [1, 2.5, -3e2, null, true] } }] },
  ],
};

/** The dashboard's JSON, indented by `n` spaces per line (`tabs`: a space and a tab, JSON whitespace, after the indentation of every line but the first). */
function block(n: number, tabs = false): string {
  return JSON.stringify(dashboard, null, 4).split('\n').map((l, i) => `${' '.repeat(n)}${tabs && i > 0 ? ' \t' : ''}${l}`).join('\n');
}

const texts: Record<string, string> = {
  'strip block in a ConfigMap': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a.json: |-\n${block(4)}\n`,
  'clip block in a ConfigMap': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a.json: |\n${block(4)}\n`,
  'tabs after the indentation': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a.json: |-\n${block(4, true)}\n`,
  'blocks in a ConfigMapList': `apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    a.json: |-\n${block(6)}\n    b.yaml: |-\n      x: 1\n  kind: ConfigMap\n  metadata:\n    name: one\n- apiVersion: v1\n  data:\n    c.json: |\n${block(6)}\n  kind: ConfigMap\n  metadata:\n    name: two\nkind: ConfigMapList\n`,
  'JSON that does not parse': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a.json: |-\n${block(4).replace('"uid": "blocks",', '"uid": "blocks",,')}\n`,
  'JSON cut short': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a.json: |-\n${block(4).split('\n').slice(0, 12).join('\n')}\n`,
  'not a dashboard': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a.json: |-\n    [\n      1,\n      2\n    ]\n`,
};

describe('a dashboard in a literal block, read from the file as it stands', () => {
  it('has the data and the positions of the block\'s value', () => {
    let checked = 0;
    for (const [name, text] of Object.entries(texts)) {
      const doc = loadYamlFast(text)![0]!;
      const src = positionedSourceDoc(doc.root, doc.data, (o) => ({ line: o, column: 0 }), text);
      for (const valuePath of paths(doc.data).filter((p) => String(p.at(-1)).endsWith('.json'))) {
        const source = src.blockSource!(valuePath);
        expect(source, `${name} ${JSON.stringify(valuePath)}`).not.toBeNull();
        const value = get(doc.data, valuePath) as string;
        let data: unknown;
        try {
          data = JSON.parse(value);
        } catch {
          expect(() => JSON.parse(source!.text), name).toThrow();
          continue;
        }
        expect(JSON.parse(source!.text), name).toEqual(data);
        const fromValue = jsonSourceDoc(value, data, (o) => src.position(valuePath, o));
        const fromSource = jsonSourceDoc(source!.text, data, source!.position);
        for (const p of paths(data)) {
          expect(fromSource.position(p), `${name} ${JSON.stringify(p)}`).toEqual(fromValue.position(p));
          const v = get(data, p);
          if (typeof v === 'string') for (let k = 0; k <= v.length; k++) expect(fromSource.position(p, k), `${name} ${JSON.stringify(p)} +${k}`).toEqual(fromValue.position(p, k));
          checked++;
        }
        expect(fromSource.position(['panels', 1, 'missing'])).toEqual(fromValue.position(['panels', 1, 'missing']));
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('gives the findings of the value\'s reading (which a text js-yaml reads still takes)', () => {
    for (const [name, text] of Object.entries(texts)) {
      // A flow mapping at the end leaves the text to js-yaml, whose nodes have no block source: the value is read.
      const viaValue = `${text}extra: { a: 1 }\n`;
      expect(positionedSourceDoc(loadYamlFast(viaValue)![0]!.root, null, (o) => ({ line: o, column: 0 }), viaValue).blockSource!(['data', 'a.json']), name).toBeNull();
      const findings = lintText('f.yaml', text, { severities: ['critical', 'warning', 'info'] });
      expect(findings.length, name).toBeGreaterThan(0);
      expect(findings, name).toEqual(lintText('f.yaml', viaValue, { severities: ['critical', 'warning', 'info'] }).filter((f) => !f.message.includes('extra')));
    }
  });
});

describe('the JSON scanner behind dashboard positions', () => {
  it('finds every value of a text where it starts and skips it to where it ends', () => {
    const samples = [
      JSON.stringify(dashboard),
      JSON.stringify(dashboard, null, 2),
      block(6, true),
      ' [ {"a\\"b": [[], {}, "x\\\\", "\\u00e9\\n"], "c": -1.5e3 }, [ "]", "}", "{[" ], true, null ] ',
      '{"k": {"k": {"k": [0, [1, [2, {"deep": "\\"]}"}]]]}}}',
    ];
    for (const text of samples) {
      const data = JSON.parse(text) as unknown;
      for (const p of paths(data)) {
        const { offset, complete } = locateJsonValue(text, p);
        expect(complete, `${text.slice(0, 20)} ${JSON.stringify(p)}`).toBe(true);
        expect(JSON.parse(text.slice(offset, skipJsonValue(text, offset))), JSON.stringify(p)).toEqual(get(data, p));
      }
    }
    // A path not in the text: where the search stopped, the end of its nearest ancestor's entries.
    expect(locateJsonValue('{"a": {"b": 1}}', ['a', 'c'])).toEqual({ offset: 13, complete: false });
    expect(skipJsonValue('{"a": "unclosed', 0)).toBe(15);
    expect(skipJsonValue('[1, [2', 0)).toBe(6);
  });
});

describe('Grafana variable substitution of a query that names none', () => {
  it('is the query itself, as the substitution of a query with variables is outside them', () => {
    for (const expr of ['sum by (pod) (rate(x_total{job="a"}[5m]))', 'a{b="$"}', 'up[[5m]]', '']) {
      const s = substituteGrafanaVariablesMapped(expr);
      const hasVariable = /\$[A-Za-z0-9_{]|\[\[[A-Za-z0-9_.]+/.test(expr);
      expect(s.variables.length > 0, expr).toBe(hasVariable);
      if (hasVariable) continue;
      expect(s.text).toBe(expr);
      for (let i = 0; i <= expr.length; i++) expect(s.originalOffset(i)).toBe(i);
    }
    // Around a variable, the same text and offsets as the query without it.
    const around = substituteGrafanaVariablesMapped('rate(x_total{job="a"}[5m]) / $scale');
    expect(around.text).toBe('rate(x_total{job="a"}[5m]) / 1'); // a number after an operator
    for (let i = 0; i < 29; i++) expect(around.originalOffset(i)).toBe(i);
  });
});
