/**
 * The monitoring compiler: settings + SLO definitions in, files out. Pure and deterministic —
 * the same input gives byte-identical files.
 *
 *   settings, SLOs ─► rule groups ─► rule files, CRDs, promtool tests
 *                  └► dashboards ──► JSON, provisioning YAML
 *                  └► Alertmanager config, Jsonnet mixin (from the two above)
 */
import { generatedMarker } from '../domain/conventions.js';
import { buildAlertmanagerConfig } from './alertmanager.js';
import { buildDashboards, buildProvisioningDoc } from './dashboards/index.js';
import { renderJson, renderYaml, sortKeys } from './format.js';
import { renderMixin } from './mixin.js';
import { renderRunbooks } from './runbooks.js';
import { buildClusterRuleFiles, buildPrometheusRuleCrd, buildPromtoolTestDoc, buildRuleFileDoc, type RuleFile } from './rules/index.js';
import type { MonitoringSettings } from './settings.js';
import { buildSloGroups, buildSloScenarios, type SloDefinition } from './slo/index.js';

export interface GeneratedFile {
  /** Path relative to the output directory, `/`-separated. */
  path: string;
  content: string;
}

export interface CompileResult {
  files: GeneratedFile[];
  /** Problems that stopped one output (e.g. Alertmanager receivers); the rest was generated. */
  problems: string[];
  /** Notes worth showing (e.g. an SLO without a generated burn scenario). */
  notes: string[];
}

/** Output layout below `--out`. */
export const outputLayout = {
  dashboards: 'dashboards',
  provisioning: 'dashboards/provisioning/headroom.yaml',
  alerts: 'alerts',
  alertTests: 'alerts/tests',
  crds: 'alerts/crds',
  sloRules: 'slos/rules',
  runbooks: 'alerts/runbooks.md',
  alertmanager: 'alertmanager/alertmanager.yml',
  mixin: 'mixin/mixin.libsonnet',
} as const;

/** Groups the SLOs by the spec file they came from, in file order. */
function groupSlosBySource(slos: SloDefinition[]): Map<string, SloDefinition[]> {
  const bySource = new Map<string, SloDefinition[]>();
  for (const slo of slos) bySource.set(slo.sourceName, [...(bySource.get(slo.sourceName) ?? []), slo]);
  return new Map([...bySource.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * How SLO rule files are written: `rules` (plain Prometheus rule files), or `prometheusrule`,
 * which writes the rules of a sloth `PrometheusServiceLevel` spec back as a `PrometheusRule` under
 * the spec's name, namespace and labels, as sloth does (other specs stay plain rule files).
 */
export type SloRuleFormat = 'rules' | 'prometheusrule';

export function compileMonitoring(input: { settings: MonitoringSettings; slos: SloDefinition[]; grafanaDashboardsPath?: string; sloFormat?: SloRuleFormat }): CompileResult {
  const s = input.settings;
  const files: GeneratedFile[] = [];
  const problems: string[] = [];
  const notes: string[] = [];

  const clusterFiles = buildClusterRuleFiles(s);
  const sloFiles: RuleFile[] = [];
  const sloK8sMeta = new Map<string, NonNullable<SloDefinition['k8s']>>();
  for (const [source, slos] of groupSlosBySource(input.slos)) {
    const k8s = slos.find((slo) => slo.k8s)?.k8s;
    if (k8s) sloK8sMeta.set(source, k8s);
    const extraTests = slos.flatMap((slo) => {
      const scenarios = buildSloScenarios(slo, s);
      if (scenarios.reason) notes.push(`SLO ${slo.id}: no generated burn scenario (${scenarios.reason})`);
      return scenarios.tests;
    });
    sloFiles.push({ name: source, groups: slos.flatMap((slo) => buildSloGroups(slo, s)), extraTests });
  }

  for (const f of clusterFiles) {
    files.push({ path: `${outputLayout.alerts}/${f.name}.yaml`, content: renderYaml(buildRuleFileDoc(f)) });
    const tests = buildPromtoolTestDoc(f, `../${f.name}.yaml`);
    if (tests) files.push({ path: `${outputLayout.alertTests}/${f.name}.yaml`, content: renderYaml(tests) });
  }
  for (const f of sloFiles) {
    const k8s = input.sloFormat === 'prometheusrule' ? sloK8sMeta.get(f.name) : undefined;
    if (k8s) {
      files.push({ path: `${outputLayout.sloRules}/${f.name}.yaml`, content: renderYaml(buildPrometheusRuleCrd(f, k8s.name, k8s)) });
      notes.push(`slos/rules/${f.name}.yaml is a PrometheusRule: promtool cannot read it, so its burn scenarios are not written (generate without --format prometheusrule to test them)`);
      continue;
    }
    files.push({ path: `${outputLayout.sloRules}/${f.name}.yaml`, content: renderYaml(buildRuleFileDoc(f)) });
    // Burn scenarios span three days; a 5m rule evaluation keeps `promtool test rules` fast.
    const tests = buildPromtoolTestDoc(f, `../../${outputLayout.sloRules}/${f.name}.yaml`, '5m');
    if (tests) files.push({ path: `${outputLayout.alertTests}/slo-${f.name}.yaml`, content: renderYaml(tests) });
  }
  files.push({ path: outputLayout.runbooks, content: renderRunbooks([...clusterFiles, ...sloFiles]) });
  if (s.prometheusRuleCrds) {
    for (const f of clusterFiles) files.push({ path: `${outputLayout.crds}/${f.name}.yaml`, content: renderYaml(buildPrometheusRuleCrd(f, `headroom-${f.name}`)) });
    for (const f of sloFiles) files.push({ path: `${outputLayout.crds}/slo-${f.name}.yaml`, content: renderYaml(buildPrometheusRuleCrd(f, `headroom-slo-${f.name}`)) });
  }

  const dashboards: Record<string, unknown> = {};
  for (const { name, dashboard } of buildDashboards(s, input.slos)) {
    const withMarker = { ...dashboard, description: `${dashboard.description ?? ''}\n\n${generatedMarker}`.trim() };
    dashboards[`${name}.json`] = JSON.parse(renderJson(withMarker));
    files.push({ path: `${outputLayout.dashboards}/${name}.json`, content: renderJson(withMarker) });
  }
  files.push({ path: outputLayout.provisioning, content: renderYaml(buildProvisioningDoc(input.grafanaDashboardsPath ?? '/var/lib/grafana/dashboards/headroom')) });

  const am = buildAlertmanagerConfig(s, s.clusterLabel);
  problems.push(...am.problems.map((p) => `alertmanager: ${p}`));
  if (am.doc) files.push({ path: outputLayout.alertmanager, content: renderYaml(am.doc) });

  const groupsOf = (rf: RuleFile[]) => rf.flatMap((f) => (buildRuleFileDoc(f).groups as { rules: Record<string, unknown>[] }[]));
  const allGroups = groupsOf([...clusterFiles, ...sloFiles]);
  files.push({
    path: outputLayout.mixin,
    content: renderMixin({
      runbookBaseUrl: s.runbookBaseUrl,
      alertGroups: allGroups.filter((g) => g.rules.some((r) => 'alert' in r)).map((g) => sortKeys(JSON.parse(JSON.stringify(g)))),
      recordingGroups: allGroups.filter((g) => !g.rules.some((r) => 'alert' in r)).map((g) => sortKeys(JSON.parse(JSON.stringify(g)))),
      dashboards,
      selectors: { kubeStateMetrics: `job="${s.jobs.kubeStateMetrics}"`, kubelet: `job="${s.jobs.kubelet}"` },
    }),
  });
  return { files: files.sort((a, b) => a.path.localeCompare(b.path)), problems, notes };
}
