import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { buildDashboards, listDashboardQueries, parseSloSpec, resolveMonitoringSettings } from '../../../src/generators/index.js';
import { buildSloDashboardUid } from '../../../src/generators/dashboards/slo.js';
import { repoRoot } from '../../helpers/cli.js';

const settings = resolveMonitoringSettings(validateConfig({}));
const slos = ['checkout', 'search'].flatMap((n) => parseSloSpec(n, readFileSync(`${repoRoot}slos/${n}.yaml`, 'utf8'), n).slos);

describe('Grafana dashboards', () => {
  const dashboards = buildDashboards(settings, slos);

  it('Every dashboard should have stable uids and datasource, cluster and namespace variables', () => {
    expect(dashboards.map((d) => d.dashboard.uid)).toEqual([
      'headroom-capacity', 'headroom-rightsizing', 'headroom-cost',
      'hr-slo-checkout-requests-availability', 'hr-slo-checkout-requests-latency', 'hr-slo-search-query-errors',
    ]);
    for (const { dashboard } of dashboards) {
      const vars = (dashboard.templating?.list ?? []) as { name: string; type: string; query?: unknown }[];
      expect(vars.map((v) => [v.name, v.type]), dashboard.title).toEqual([['datasource', 'datasource'], ['cluster', 'query'], ['namespace', 'query']]);
    }
  });

  it('Every panel should query the datasource variable and have a unique id', () => {
    for (const { dashboard } of dashboards) {
      const panels = (dashboard.panels ?? []) as { id: number; type: string; datasource?: { uid?: string } }[];
      expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
      for (const p of panels.filter((x) => x.type !== 'row')) expect(p.datasource?.uid).toBe('${datasource}');
    }
  });

  it('Dashboards should read recording rules by default and inline them when asked', () => {
    const recorded = listDashboardQueries(dashboards[0]!.dashboard).map((q) => q.expr).join('\n');
    const inline = listDashboardQueries(buildDashboards(settings, [], false)[0]!.dashboard).map((q) => q.expr).join('\n');
    expect(recorded).toContain('cluster:headroom_cpu_requests_cores:sum{cluster=~"$cluster"}');
    expect(inline).not.toContain('cluster:headroom_');
    expect(inline).toContain('sum by (cluster) (kube_pod_container_resource_requests{job="kube-state-metrics", resource="cpu", cluster=~"$cluster"})');
  });

  it('Long SLO ids should still give uids of at most 40 characters, different per SLO', () => {
    const long = { ...slos[0]!, id: 'a-very-long-service-name-with-an-even-longer-slo-name' };
    const other = { ...long, id: `${long.id}-2` };
    expect(buildSloDashboardUid(long).length).toBeLessThanOrEqual(40);
    expect(buildSloDashboardUid(long)).not.toBe(buildSloDashboardUid(other));
  });
});
