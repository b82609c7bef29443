// SLOs: sloth specs (prometheus/v1, PrometheusServiceLevel CRD) and OpenSLO → SLI, metadata and burn-rate rules.
export type { SloDefinition, SloSli, SloAlertTier, SloRuleOptions } from './spec-types.js';
export { parseSloSpec, findDuplicateSlos, isSloSpecDocument, type SloParseResult } from './parse-spec.js';
export { buildSloGroups, buildSliQueries, computeErrorBudget, resolveMinEventsPerSecond } from './build-rules.js';
export { buildSloScenarios } from './build-tests.js';
export { burnTiers, computeBurnFactor, computePageBurnRate, listSliWindows, formatWindowPair, resolveSloPeriod, resolveSloPeriodSeconds } from './burn-rates.js';
export { listSliPluginIds } from './sli-plugins.js';
export { listSloPluginIds } from './slo-plugins.js';
