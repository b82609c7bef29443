// Grafana dashboards built with the Grafana Foundation SDK, plus their provisioning file.
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { MonitoringSettings } from '../settings.js';
import type { SloDefinition } from '../slo/spec-types.js';
import { buildCapacityDashboard } from './capacity.js';
import { buildCostDashboard } from './cost.js';
import { buildRightsizingDashboard } from './rightsizing.js';
import { buildSloDashboard } from './slo.js';

export { buildProvisioningDoc } from './provisioning.js';
export { substituteGrafanaVariables } from '../lint/parse-promql.js';

export interface NamedDashboard {
  /** File name without `.json`. */
  name: string;
  dashboard: Dashboard;
}

/** Every dashboard, in output order. `useRecordingRules: false` inlines the rules' expressions. */
export function buildDashboards(s: MonitoringSettings, slos: SloDefinition[], useRecordingRules = true): NamedDashboard[] {
  return [
    { name: 'capacity', dashboard: buildCapacityDashboard(s, useRecordingRules) },
    { name: 'rightsizing', dashboard: buildRightsizingDashboard(s, useRecordingRules) },
    { name: 'cost', dashboard: buildCostDashboard(s) },
    ...slos.map((slo) => ({ name: `slo-${slo.id}`, dashboard: buildSloDashboard(s, slo) })),
  ];
}

/** Every Prometheus expression of a dashboard (panel targets), with the panel title. */
export function listDashboardQueries(d: Dashboard): { panel: string; expr: string }[] {
  const out: { panel: string; expr: string }[] = [];
  for (const p of (d.panels ?? []) as { title?: string; targets?: { expr?: string }[] }[]) {
    for (const t of p.targets ?? []) if (t.expr) out.push({ panel: p.title ?? '', expr: t.expr });
  }
  return out;
}
