/**
 * `headroom lint --prometheus-url`: pint's promql/series against a real Prometheus backfilled with
 * a small history — a selector whose metric never existed, one that stopped, a label in a matcher
 * or in `by (…)` that no series has, and what must not be flagged (recording rules of the run,
 * Grafana variables, existing labels).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintFiles, lintMessages as msg } from '../../src/generators/lint/index.js';
import { startPrometheus, type PrometheusHandle } from '../helpers/prometheus.js';

const t0 = 1_790_000_000;
const endSeconds = t0 + 3600;

function openMetrics(): string {
  const lines = ['# TYPE shop_orders counter'];
  for (const [code, instance] of [['200', 'a'], ['500', 'b']] as const) {
    for (let t = t0; t <= endSeconds; t += 60) lines.push(`shop_orders_total{job="shop",instance="${instance}",code="${code}"} ${(t - t0) * (code === '200' ? 2 : 0.1)} ${t}`);
  }
  lines.push('# TYPE shop_legacy gauge');
  for (let t = t0; t <= t0 + 600; t += 60) lines.push(`shop_legacy{job="shop"} 1 ${t}`);
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

let prom: PrometheusHandle;
let work: string;
beforeAll(async () => {
  prom = await startPrometheus({ openMetricsText: openMetrics(), cacheKey: 'lint-live-v1' });
  work = mkdtempSync(join(tmpdir(), 'headroom-lint-live-'));
}, 180_000);
afterAll(async () => {
  await prom?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('lint live mode (promql/series)', () => {
  it('flags a selector with no series, a stopped metric, and labels no series has; passes the rest', async () => {
    const rules = join(work, 'shop.yaml');
    writeFileSync(rules, `groups:
  - name: shop
    rules:
      - record: shop:orders:rate5m
        expr: sum by (code) (rate(shop_orders_total{job="shop"}[5m]))
      - alert: ShopErrors
        expr: shop:orders:rate5m{code="500"} > 0
        for: 5m
        labels: { severity: warning }
        annotations: { summary: s, description: d }
      - alert: ShopTypo
        expr: sum(rate(shop_ordres_total[5m])) > 1
        labels: { severity: warning }
        annotations: { summary: s, description: d }
      - alert: ShopByRegion
        expr: sum by (region) (rate(shop_orders_total[5m])) > 1
        labels: { severity: warning }
        annotations: { summary: s, description: d }
      - alert: ShopByMadeLabel
        expr: sum by (shard) (label_replace(rate(shop_orders_total[5m]), "shard", "$1", "instance", "(.*)")) > 1
        labels: { severity: warning }
        annotations: { summary: s, description: d }
      - alert: ShopZone
        expr: rate(shop_orders_total{zone="eu"}[5m]) > 1
        labels: { severity: warning }
        annotations: { summary: s, description: d }
      - alert: ShopNotFound
        expr: rate(shop_orders_total{code="404"}[5m]) > 1
        labels: { severity: warning }
        annotations: { summary: s, description: d }
      - alert: ShopLegacy
        expr: shop_legacy > 0
        labels: { severity: warning }
        annotations: { summary: s, description: d }
      # headroom-lint disable promql/series
      - alert: ShopSilenced
        expr: rate(shop_gone_forever_total[5m]) > 1
        labels: { severity: warning }
        annotations: { summary: s, description: d }
      - record: shop:orders:avg90d
        expr: avg_over_time(shop:orders:rate5m[90d])
`);
    const dashboard = join(work, 'shop.json');
    writeFileSync(dashboard, JSON.stringify({
      title: 'Shop', uid: 'shop',
      templating: { list: [{ name: 'job', current: { value: 'shop' } }, { name: 'groupby', current: { value: 'code' } }] },
      panels: [
        { title: 'ok', targets: [{ expr: 'sum by ($groupby) (rate(shop_orders_total{job="$job", instance=~"$instance"}[$__rate_interval]))' }] },
        { title: 'by region', targets: [{ expr: 'sum by (region) (rate(shop_orders_total{job="$job"}[$__rate_interval]))' }] },
      ],
    }, null, 2));
    const { findings } = await lintFiles([rules, dashboard], { severities: ['warning'], prometheusUrl: prom.url, nowMs: endSeconds * 1000, lookbackSeconds: 7 * 86400 });
    // The server keeps 10 years (its flags say so), so a 90-day range is fine here; offline, 31 days is assumed.
    expect(findings.filter((f) => f.check === 'promql/range')).toEqual([]);
    const offline = await lintFiles([rules], { severities: ['warning'] });
    expect(offline.findings.filter((f) => f.check === 'promql/range').map((f) => f.line)).toEqual([41]);
    const live = findings.filter((f) => f.check === 'promql/series').map((f) => `${f.file === rules ? 'rules' : 'dashboard'}:${f.line}:${f.column} ${f.level} ${f.message}`);
    const text = JSON.stringify(JSON.parse(readFileSync(dashboard, 'utf8')), null, 2).split('\n');
    const regionLine = text.findIndex((l) => l.includes('by (region)')) + 1;
    expect(live).toEqual([
      `rules:12:24 error ${msg.seriesNeverSeen('shop_ordres_total', '7d')}`,
      `rules:16:23 error ${msg.labelMissing('shop_orders_total', 'region', 'by (…)')}`,
      `rules:24:38 error ${msg.labelMissing('shop_orders_total', 'zone', 'the matcher zone="eu"')}`,
      `rules:28:20 warning ${msg.selectorEmpty('shop_orders_total{code="404"}')}`,
      `rules:32:15 warning ${msg.seriesGone('shop_legacy', '7d')}`,
      `dashboard:${regionLine}:${text[regionLine - 1]!.indexOf('region') + 1} error ${msg.labelMissing('shop_orders_total', 'region', 'by (…)')}`,
    ]);
  }, 120_000);

  it('checks the selectors of Grafana variable queries: label_values, query_result, as strings and as { query, refId }', async () => {
    const dashboard = join(work, 'variables.json');
    const list = [
      { name: 'job', type: 'custom', current: { value: 'shop' } },
      { name: 'instance', type: 'query', query: 'label_values(shop_orders_total{job="$job"}, instance)' },
      { name: 'region', type: 'query', query: { query: 'label_values(shop_orders_total{job="$job"}, region)', refId: 'PrometheusVariableQueryEditor-VariableQuery' } },
      { name: 'typo', type: 'query', query: 'label_values(shop_ordres_total, job)' },
      { name: 'top', type: 'query', query: 'query_result(topk(3, sum by (code) (rate(shop_orders_total{job="$job"}[5m]))))' },
      { name: 'zone', type: 'query', query: 'query_result(sum by (zone) (rate(shop_orders_total[5m])))' },
    ];
    writeFileSync(dashboard, JSON.stringify({ title: 'Variables', uid: 'variables', templating: { list }, panels: [] }, null, 2));
    const { findings } = await lintFiles([dashboard], { severities: ['warning'], prometheusUrl: prom.url, nowMs: endSeconds * 1000, lookbackSeconds: 7 * 86400 });
    const text = readFileSync(dashboard, 'utf8').split('\n');
    /** line:column of `needle` on the line that holds `lineHolds`. */
    const at = (lineHolds: string, needle: string) => {
      const i = text.findIndex((l) => l.includes(lineHolds));
      return `${i + 1}:${text[i]!.indexOf(needle) + 1}`;
    };
    expect(findings.map((f) => `${f.line}:${f.column} ${f.level} ${f.check} ${f.where}: ${f.message}`)).toEqual([
      `${at('region)', 'region)')} error promql/series dashboard "Variables", variable "region": ${msg.labelMissing('shop_orders_total', 'region', 'label_values(…, region)')}`,
      `${at('shop_ordres_total', 'shop_ordres_total')} error promql/series dashboard "Variables", variable "typo": ${msg.seriesNeverSeen('shop_ordres_total', '7d')}`,
      `${at('by (zone)', 'zone)')} error promql/series dashboard "Variables", variable "zone": ${msg.labelMissing('shop_orders_total', 'zone', 'by (…)')}`,
    ]);
  }, 120_000);

  it('says so when the server cannot be reached instead of passing silently', async () => {
    const rules = join(work, 'one.yaml');
    writeFileSync(rules, 'groups:\n  - name: g\n    rules:\n      - record: a:b:sum\n        expr: sum(up)\n');
    const { findings } = await lintFiles([rules], { severities: ['warning'], prometheusUrl: 'http://127.0.0.1:9', nowMs: endSeconds * 1000 });
    expect(findings.map((f) => `${f.check} ${f.level}`)).toEqual(['promql/series error']);
    expect(findings[0]!.message).toMatch(/^live checks skipped: /);
  }, 120_000);
});
