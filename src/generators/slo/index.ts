// SLOs: sloth specs (prometheus/v1, PrometheusServiceLevel CRD) → SLI, metadata and burn-rate rules.
export type { SloDefinition, SloSli, SloAlertTier } from './spec-types.js';
export { parseSloSpec, findDuplicateSlos, type SloParseResult } from './parse-spec.js';
export { buildSloGroups, buildSliQueries, computeErrorBudget } from './build-rules.js';
export { buildSloScenarios } from './build-tests.js';
export { burnTiers, computeBurnFactor, listSliWindows, formatWindowPair } from './burn-rates.js';
