/**
 * Conformance: a corpus shaped like kube-prometheus' manifests (234 rules in multi-document
 * PrometheusRules, 33 dashboards in a ConfigMapList; see test/fixtures/lint/README.md) gives no
 * finding, and the broken and odd files of test/fixtures/lint/broken give exactly the findings
 * listed in broken-expected.json, without a crash.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles, lintText } from '../../../src/generators/lint/index.js';
import { writeLintCorpus } from '../../fixtures/lint/generate-corpus.js';

const options = { severities: ['critical', 'warning', 'info'] };
const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'lint');
const work = mkdtempSync(join(tmpdir(), 'headroom-lint-corpus-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('lint conformance', () => {
  it('finds no error in a kube-prometheus-shaped corpus of 234 rules and 33 dashboards, only the warnings its quirks deserve', async () => {
    const corpus = writeLintCorpus(work);
    expect(corpus.rules).toBe(234);
    expect(corpus.dashboards).toBe(33);
    const { findings, filesChecked } = await lintFiles([work], options);
    expect(findings.filter((f) => f.level === 'error')).toEqual([]);
    const warnings: Record<string, number> = {};
    for (const f of findings) warnings[`${f.level} ${f.check}`] = (warnings[`${f.level} ${f.check}`] ?? 0) + 1;
    // $labels.job after `count by (cluster, namespace)`, `instance!~""`, and rate(…[1m]) panels, as kube-prometheus has them.
    expect(warnings).toEqual({ 'warning alerts/template': 18, 'warning promql/regexp': 18, 'warning promql/rate': 29 });
    expect(filesChecked).toBe(10);
  });

  it('finds nothing in the odd but valid files: multi-document streams, severity none, every Grafana variable syntax, rows, ConfigMaps', async () => {
    const { findings, filesChecked } = await lintFiles([join(fixtures, 'odd')], options);
    expect(findings).toEqual([]);
    expect(filesChecked).toBe(4);
  });

  it('gives each broken or odd file exactly its expected findings', async () => {
    const expected = JSON.parse(readFileSync(join(fixtures, 'broken-expected.json'), 'utf8')) as Record<string, string[]>;
    const { findings, filesChecked } = await lintFiles([join(fixtures, 'broken')], options);
    const got: Record<string, string[]> = {};
    for (const f of findings) {
      const name = f.file.slice(join(fixtures, 'broken').length + 1);
      (got[name] ??= []).push(`${f.line ?? '-'}:${f.column ?? '-'} ${f.level} ${f.check}`);
    }
    expect(got).toEqual(expected);
    expect(findings.some((f) => f.check === 'internal/error')).toBe(false);
    expect(filesChecked).toBe(Object.keys(expected).length);
  });

  it('never crashes on any prefix or any single-character corruption of the odd and broken files', () => {
    const texts = ['odd', 'broken'].flatMap((d) => readdirSync(join(fixtures, d)).map((f) => ({ file: f, bytes: readFileSync(join(fixtures, d, f)) })));
    let runs = 0;
    for (const { file, bytes } of texts) {
      const text = bytes.toString('utf8');
      for (let k = 1; k <= 24; k++) {
        const cut = Math.floor((text.length * k) / 25);
        const variants = [text.slice(0, cut), `${text.slice(0, cut)}${'{}[]:"\'\n-#|'[k % 12]}${text.slice(cut + 1)}`];
        for (const v of variants) {
          const findings = lintText(file, v, options);
          runs++;
          expect(findings.filter((f) => f.check === 'internal/error')).toEqual([]);
        }
      }
    }
    expect(runs).toBeGreaterThan(500);
  });
});
