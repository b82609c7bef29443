/**
 * Generators: deterministic compilers from config and SLO specs to monitoring artifacts —
 * Grafana dashboards, Prometheus alert/recording rules (plain and PrometheusRule CRDs), SLO
 * burn-rate rules, promtool unit tests, Alertmanager config and a Jsonnet mixin — plus the lint
 * that checks hand-written and generated rule files and dashboards.
 * (src/generators/gitops/ is the rightsizing patches and has its own index.)
 */
export { compileMonitoring, outputLayout, type CompileResult, type GeneratedFile, type SloRuleFormat } from './compile.js';
export { resolveMonitoringSettings, type MonitoringSettings } from './settings.js';
export { parseSloSpec, findDuplicateSlos, buildSloGroups, computeBurnFactor, burnTiers, type SloDefinition } from './slo/index.js';
export { buildDashboards, listDashboardQueries, substituteGrafanaVariables } from './dashboards/index.js';
export { buildClusterRuleFiles, buildRuleFileDoc, queryRecorded } from './rules/index.js';
export { lintFiles, type LintFinding } from './lint/index.js';
export { parsePromql } from './lint/parse-promql.js';
export { formatNumber, renderJson, renderYaml } from './format.js';
