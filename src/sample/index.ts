// The embedded sample cluster (seeded, deterministic) with ground truth; see types.ts.
export type { SampleOptions, SampleCluster, SamplePod, SampleContainerTruth } from './types.js';
export { generateSampleCluster, sampleDefaults, resolveSampleOptions } from './generate.js';
export { formatTruthCsv, truthCsvColumns } from './truth-csv.js';
export { cpuRateWindowSeconds } from './truth.js';
export { writeOpenMetrics, openMetricsFamilies, type OpenMetricsOptions, type OpenMetricsStats } from './openmetrics.js';
