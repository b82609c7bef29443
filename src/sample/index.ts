/**
 * The embedded sample cluster (seeded, deterministic) with its ground truth; see types.ts.
 *
 *   catalogue.ts   the hand-written nodes and workloads, each with the behaviour it shows
 *   scale.ts       generated copies of the catalogue for benchmarks (`containers`)
 *   timeline.ts    nodes, pods, rollouts, HPA replicas, CronJob runs
 *   usage-model.ts per (pod, container) usage series, regenerable alone
 *   truth.ts       the exact definitions of the truth (what PromQL measures) and their arithmetic
 *   generate.ts    generateSampleCluster: truth, summaries, histories, capacity series, inventory
 *   billing.ts     daily cost lines and hourly on-demand instance usage
 *   openmetrics.ts streaming OpenMetrics for promtool backfill
 *   scrape-intervals.ts each scrape job's interval in that export (presets, parsing)
 *   clusters.ts    several clusters (own seed and name) in one backend, told apart by a label
 *   truth-csv.ts   the truth as CSV
 */
export type { SampleOptions, SampleCluster, SamplePod, SampleContainerTruth } from './types.js';
export { generateSampleCluster, sampleDefaults, resolveSampleOptions } from './generate.js';
export { formatTruthCsv, truthCsvColumns } from './truth-csv.js';
export { cpuRateWindowSeconds } from './truth.js';
export { writeOpenMetrics, openMetricsFamilies, type OpenMetricsOptions, type OpenMetricsStats } from './openmetrics.js';
export { parseScrapeIntervals, resolveScrapeStrides, scrapeIntervalPresets, defaultScrapeIntervalPreset, scrapeJobOfFamily, type ScrapeIntervals, type ScrapeIntervalPreset, type SampleScrapeJob } from './scrape-intervals.js';
export { generateSampleClusters, sampleClusterNames, writeClustersOpenMetrics, MAX_SAMPLE_CLUSTERS } from './clusters.js';
