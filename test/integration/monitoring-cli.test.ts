/** `headroom generate` and `headroom lint` as a user runs them. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedMarker } from '../../src/domain/conventions.js';
import { repoRoot, runCli } from '../helpers/cli.js';

let work: string;

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'headroom-generate-cli-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('headroom generate', () => {
  it('writes dashboards, rules, tests, SLO rules and the mixin with no config, byte-identical on a second run', async () => {
    const a = join(work, 'a');
    const b = join(work, 'b');
    const first = await runCli(['generate', '--slos', join(repoRoot, 'slos'), '--out', a]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`wrote 22 files to ${a}:`);
    expect((await runCli(['generate', '--slos', join(repoRoot, 'slos'), '--out', b])).code).toBe(0);
    const ta = readTree(a);
    expect([...ta.keys()].filter((k) => k.startsWith('dashboards/') && k.endsWith('.json'))).toEqual([
      'dashboards/capacity.json', 'dashboards/cost.json', 'dashboards/rightsizing.json',
      'dashboards/slo-checkout-requests-availability.json', 'dashboards/slo-checkout-requests-latency.json', 'dashboards/slo-search-query-errors.json',
    ]);
    expect(readTree(b)).toEqual(ta);
    for (const [path, text] of ta) expect(text, path).toContain(generatedMarker);
  });

  it('rejects bad SLO specs with one line naming every problem, and writes nothing', async () => {
    const slos = join(work, 'bad-slos');
    mkdirSync(slos, { recursive: true });
    writeFileSync(join(slos, 'api.yaml'), 'version: prometheus/v1\nservice: api\nslos:\n  - name: avail\n    objective: 99.9\n    sli: { raw: { error_ratio_query: "rate(x[5m])" } }\n');
    const out = join(work, 'never');
    const r = await runCli(['generate', '--slos', slos, '--out', out]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`error: SLO specs in ${slos}: 2 problems: ${join(slos, 'api.yaml')}: slos.0.sli.raw.error_ratio_query: the query must contain the {{.window}} placeholder; ${join(slos, 'api.yaml')}: slos.0.alerting.name: required unless both page and ticket alerts are disabled (fix the listed fields (sloth prometheus/v1, PrometheusServiceLevel or OpenSLO; see slos/*.yaml and the README section SLO specs))`);
    expect(() => statSync(out)).toThrow();
  });

});

describe('headroom lint', () => {
  it('finds nothing in the checked-in dashboards, alerts and SLO specs', async () => {
    const r = await runCli(['lint', 'dashboards', 'alerts', 'slos']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ files checked, no findings\n$/);
  });

  it('prints one line per finding in a hand-written rule file, with line:column, level and check, and exits 1 on an error', async () => {
    const file = join(work, 'team-rules.yaml');
    writeFileSync(file, 'groups:\n  - name: team\n    rules:\n      - alert: high_latency\n        expr: histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])) > 1\n        labels: { severity: page }\n');
    const r = await runCli(['lint', file]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      `${file}:4:9: info [headroom/conventions] group "team", alert "high_latency": alert has no summary annotation`,
      `${file}:4:9: info [headroom/conventions] group "team", alert "high_latency": alert has no description annotation`,
      `${file}:4:16: info [headroom/conventions] group "team", alert "high_latency": alert name "high_latency" is not CamelCase (e.g. KubeCpuOvercommit)`,
      `${file}:5:76: error [promql/syntax] group "team", alert "high_latency": PromQL syntax error: unexpected end of expression`,
      `${file}:6:29: info [headroom/conventions] group "team", alert "high_latency": severity "page" is not one of critical, warning, info, none`,
    ]);
    expect(r.stderr).toBe('error: 1 finding at level error or above (5 in all) in 1 file checked\n');
  });

  it('passes warnings and infos unless --fail-on asks, and annotates lines for GitHub', async () => {
    const file = join(work, 'warn-rules.yaml');
    writeFileSync(file, 'groups:\n  - name: team\n    rules:\n      - alert: ApiDown\n        expr: up{job=~"api"} == 0\n        labels: { severity: critical }\n        annotations: { summary: s, description: d }\n');
    const ok = await runCli(['lint', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`${file}:5:18: warning [promql/regexp] group "team", alert "ApiDown": job=~"api" has no regexp characters; use = (faster, and says what it means)\n1 finding in 1 file checked\n`);
    const strict = await runCli(['lint', file, '--fail-on', 'warning', '--format', 'github']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe(`::warning file=${file},line=5,col=18,title=promql/regexp::group "team", alert "ApiDown": job=~"api" has no regexp characters; use = (faster, and says what it means)\n`);
    const bad = await runCli(['lint', file, '--fail-on', 'fatal']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: --fail-on fatal: expected one of error, warning, info\n');
  });

  it('cross-checks rule files with promtool when asked', async () => {
    const file = join(work, 'promtool-rules.yaml');
    writeFileSync(file, 'groups:\n  - name: team\n    rules:\n      - record: team:up:sum\n        expr: sum(up{job=~"(api"})\n        labels: { "bad-label": x }\n');
    const r = await runCli(['lint', file, '--promtool', '--format', 'json']);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout) as { check: string; line: number; message: string }[];
    // promtool finds the RE2 regexp error lint does not check; the bad label both find is reported once.
    expect(findings.map((f) => `${f.line} ${f.check}`)).toEqual(['5 promql/promtool', '6 rule/labels']);
    expect(findings[0]!.message).toContain('error parsing regexp: missing closing )');
    const d = join(work, 'promtool-crd.yaml');
    writeFileSync(d, 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: x }\nspec:\n  groups:\n    - name: team\n      rules:\n        - record: team:up:sum\n          expr: sum(up)\n');
    const clean = await runCli(['lint', d, '--promtool']);
    expect(clean.code).toBe(0);
  });
});
