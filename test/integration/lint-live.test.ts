/**
 * `headroom lint --prometheus-url`: pint's promql/series against a real Prometheus backfilled with
 * a small history — a selector whose metric never existed, one that stopped, a label in a matcher
 * or in `by (…)` that no series has, and what must not be flagged (recording rules of the run,
 * Grafana variables, existing labels) — in a real Prometheus and a real VictoriaMetrics alike. And
 * over HTTPS with a private CA, which the installed command keeps trusting (NODE_EXTRA_CA_CERTS)
 * when it is given --prometheus-url.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintFiles, lintMessages as msg } from '../../src/generators/lint/index.js';
import { prometheusMessages as promMsg } from '../../src/collectors/prometheus/messages.js';
import { metricsBackends, type RunningBackend } from '../helpers/metrics-backends.js';

const launcher = join(import.meta.dirname, '..', '..', 'bin', 'headroom.cjs');

/** Runs the launcher as the installed `headroom` command (sh, then Node). */
function headroom(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(launcher, args, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

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

/** Two alerts: a metric that never existed (`shop_ordres_total`), and a `by` label no series has. */
const typoAndRegion = `      - alert: ShopTypo
        expr: sum(rate(shop_ordres_total[5m])) > 1
        labels: { severity: warning }
        annotations: { summary: s, description: d }
      - alert: ShopByRegion
        expr: sum by (region) (rate(shop_orders_total[5m])) > 1
        labels: { severity: warning }
        annotations: { summary: s, description: d }
`;

describe.each(metricsBackends)('lint live mode (promql/series) against a real $name', (backend) => {
  let prom: RunningBackend;
  let work: string;
  beforeAll(async () => {
    prom = await backend.start({ openMetricsText: openMetrics() });
    work = mkdtempSync(join(tmpdir(), 'headroom-lint-live-'));
  }, 180_000);
  afterAll(async () => {
    await prom?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

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
${typoAndRegion}      - alert: ShopByMadeLabel
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
      // The server keeps 10 years (Prometheus' flags) or 100 (VictoriaMetrics' /flags), so a 90-day range is fine here; offline, 31 days is assumed.
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

    it('reaches an HTTPS server signed by a private CA that NODE_EXTRA_CA_CERTS names, and says so without it', async () => {
      // A self-signed certificate for 127.0.0.1 (its own CA), and TLS in front of the test Prometheus.
      const key = join(work, 'tls.key');
      const cert = join(work, 'tls.pem');
      const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { encoding: 'utf8' });
      expect(made.status, made.stderr).toBe(0);
      const backend = new URL(prom.url);
      const tenants = new Set<string>();
      const tls = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
        tenants.add(String(req.headers['x-scope-orgid']));
        const upstream = request({ host: backend.hostname, port: backend.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        upstream.on('error', () => res.destroy());
        req.pipe(upstream);
      });
      await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
      try {
        const httpsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
        const rules = join(work, 'tls.yaml');
        writeFileSync(rules, `groups:
  - name: shop
    rules:
${typoAndRegion}`);
        const args = (url: string) => ['lint', '--format', 'json', '--window', '3650d', '--prometheus-url', url, rules];
        const series = (stdout: string) => (JSON.parse(stdout) as { check: string; line: number; message: string }[])
          .filter((f) => f.check === 'promql/series').map((f) => `${f.line} ${f.message}`);
        const plain = await headroom(args(prom.url), {});
        // The CLI checks at the wall clock, after this history: the typo never existed, the rest stopped.
        expect(series(plain.stdout)).toEqual([`5 ${msg.seriesNeverSeen('shop_ordres_total', '3650d')}`, `9 ${msg.seriesGone('shop_orders_total', '3650d')}`]);
        // The same answers over TLS, trusted through the variable…
        const trusted = await headroom(args(httpsUrl), { NODE_EXTRA_CA_CERTS: cert });
        expect(trusted.stderr).toBe(plain.stderr);
        expect(series(trusted.stdout)).toEqual(series(plain.stdout));
        expect([...tenants]).toEqual(['undefined']);
        // …and through the config's prometheus section (its CA file and headers, as every command reads them)…
        const config = join(work, 'tls-headroom.yaml');
        writeFileSync(config, `prometheus:\n  url: http://127.0.0.1:9\n  headers: { X-Scope-OrgID: team-a }\n  tls: { caFile: ${JSON.stringify(cert)} }\n`);
        const configured = await headroom(['--config', config, ...args(httpsUrl)], { NODE_EXTRA_CA_CERTS: undefined });
        expect(configured.stderr).toBe(plain.stderr);
        expect(series(configured.stdout)).toEqual(series(plain.stdout));
        expect([...tenants]).toEqual(['undefined', 'team-a']);
        // …and without either, one finding says the live checks were skipped and why, at once (no retry).
        const untrusted = await headroom(args(httpsUrl), { NODE_EXTRA_CA_CERTS: undefined });
        const skipped = (JSON.parse(untrusted.stdout) as { check: string; file: string; message: string }[]).filter((f) => f.check === 'promql/series');
        expect(skipped).toEqual([expect.objectContaining({
          file: httpsUrl,
          message: `live checks skipped: ${promMsg.tlsRejected(httpsUrl, 'untrusted', 'DEPTH_ZERO_SELF_SIGNED_CERT')}; ${promMsg.tlsRejectedHint.untrusted}`,
        })]);
      } finally {
        await new Promise((resolve) => tls.close(resolve));
      }
    }, 120_000);

    it('says so when the server cannot be reached instead of passing silently', async () => {
      const rules = join(work, 'one.yaml');
      writeFileSync(rules, 'groups:\n  - name: g\n    rules:\n      - record: a:b:sum\n        expr: sum(up)\n');
      const { findings } = await lintFiles([rules], { severities: ['warning'], prometheusUrl: 'http://127.0.0.1:9', nowMs: endSeconds * 1000 });
      expect(findings.map((f) => `${f.check} ${f.level}`)).toEqual(['promql/series error']);
      expect(findings[0]!.message).toMatch(/^live checks skipped: /);
    }, 120_000);
});
