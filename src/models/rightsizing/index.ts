// Rightsizing models (pure): strategies, safety rules, confidence, price split, node repacking.
export type { RightsizingStrategy, StrategyInput, StrategyOutput } from './strategy.js';
export { percentileStrategy, percentileSettingsSchema, type PercentileSettings } from './percentile-strategy.js';
export { decayingHistogramStrategy, decayingHistogramSettingsSchema, type DecayingHistogramSettings } from './decaying-histogram-strategy.js';
export { DecayingHistogram, type DecayingHistogramOptions } from './decaying-histogram.js';
export { rightsizingStrategies, defaultStrategyName, findStrategy, parseStrategySettings, describeStrategies } from './strategies.js';
export { defaultResourcePolicy, roundCpuCores, roundMemoryBytes, deriveLimit, type LimitPolicy, type ResourcePolicy } from './resource-policy.js';
export { applySafetyRules, bumpAfterOom, throttlingRaiseThreshold, oomBumpMinBytes, oomBumpRatio } from './safety.js';
export { rateConfidence, hasEnoughData, defaultConfidenceThresholds, type ConfidenceThresholds } from './confidence.js';
export { splitNodeHourlyPrice, deriveResourcePrice, defaultCpuToMemoryPriceRatio, openCostDefaultCpuCoreHourUsd, openCostDefaultMemoryGibHourUsd, type InstanceTypePrice } from './resource-pricing.js';
export { repackNodes, packFirstFitDecreasing, type PackPod, type InstanceShape, type RepackInput } from './node-repacking.js';
export { recommendRightsizing, workloadKey, effectiveRequests, type RightsizeModelInput } from './recommend.js';
export { reasons, rightsizeErrors, formatCpu, formatMemory } from './messages.js';
export { usagePartsFor } from './usage-needs.js';
