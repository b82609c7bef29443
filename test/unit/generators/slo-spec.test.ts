import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSloSpec } from '../../../src/generators/slo/parse-spec.js';
import { repoRoot } from '../../helpers/cli.js';

describe('SLO spec parsing (raw → versioned API type → domain)', () => {
  it('reads the sloth prometheus/v1 example with snake_case fields and the latency extension', () => {
    const r = parseSloSpec('slos/checkout.yaml', readFileSync(`${repoRoot}slos/checkout.yaml`, 'utf8'), 'checkout');
    expect(r.problems).toEqual([]);
    expect(r.slos.map((s) => s.id)).toEqual(['checkout-requests-availability', 'checkout-requests-latency']);
    expect(r.slos[0]!.sli).toEqual({ kind: 'events', errorQuery: 'sum(rate(http_requests_total{job="checkout", code=~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))' });
    expect(r.slos[0]!.labels).toEqual({ owner: 'payments-team', tier: '1' });
    expect(r.slos[0]!.alerting.page.labels).toEqual({ severity: 'critical', routing_key: 'payments' });
    expect(r.slos[1]!.sli).toEqual({ kind: 'latency', metric: 'http_request_duration_seconds', selector: 'job="checkout"', thresholdSeconds: 0.3 });
  });

  it('reads the PrometheusServiceLevel CRD example with camelCase fields', () => {
    const r = parseSloSpec('slos/search.yaml', readFileSync(`${repoRoot}slos/search.yaml`, 'utf8'), 'search');
    expect(r.problems).toEqual([]);
    expect(r.slos[0]!.specVersion).toBe('sloth.slok.dev/v1');
    expect(r.slos[0]!.alerting.name).toBe('SearchErrorBudgetBurn');
    expect(r.slos[0]!.objectivePercent).toBe(99.5);
  });

  it('reports every problem with its path instead of stopping at the first', () => {
    const spec = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata: { name: bad }
spec:
  service: api
  slos:
    - name: one
      objective: 120
      sli:
        events:
          errorQuery: sum(rate(errors_total[5m]))
          totalQuery: sum(rate(requests_total[{{.window}}])
      alerting:
        pageAlert: { labels: { severity: critical } }
    - name: two
      objective: 99
      sli:
        events:
          error_query: x
          total_query: y
`;
    const r = parseSloSpec('bad.yaml', spec, 'bad');
    expect(r.slos).toEqual([]);
    expect(r.problems).toEqual([
      'bad.yaml: spec.slos.1.sli.events.errorQuery: Invalid input: expected string, received undefined',
      'bad.yaml: spec.slos.1.sli.events.totalQuery: Invalid input: expected string, received undefined',
      'bad.yaml: spec.slos.1.sli.events: Unrecognized keys: "error_query", "total_query"',
    ]);
    const semantic = parseSloSpec('bad.yaml', spec.replace(/- name: two[\s\S]*$/, ''), 'bad');
    expect(semantic.problems).toEqual([
      'bad.yaml: spec.slos.0.objective: expected a percentage between 0 and 100 (exclusive), got 120',
      'bad.yaml: spec.slos.0.sli.events.errorQuery: the query must contain the {{.window}} placeholder',
      'bad.yaml: spec.slos.0.sli.events.totalQuery: PromQL syntax error at position 29 (with {{.window}} as 5m): unexpected end of expression',
      'bad.yaml: spec.slos.0.alerting.name: required unless both page and ticket alerts are disabled',
    ]);
  });

  it('names the accepted formats when the version is unknown', () => {
    expect(parseSloSpec('x.yaml', 'version: prometheus/v2\nservice: a\n', 'x').problems).toEqual([
      'x.yaml: version: expected version "prometheus/v1", apiVersion "sloth.slok.dev/v1" (kind PrometheusServiceLevel) or apiVersion "openslo/v1" / "openslo/v1alpha"',
    ]);
  });
});
