// The Prometheus collector: per-workload usage, nodes, volumes and capacity series from any
// Prometheus-API backend, aggregation pushed into PromQL. Also the client the doctor uses.
export { collectWorkloadUsage, chooseRateWindowSeconds, detectScrapeIntervalSeconds, scrapeIntervalFromCount, type CollectUsageOptions, type CollectWindow } from './collect-usage.js';
export { collectHpas } from './collect-hpas.js';
export { listBackendClusters, sourcesPerCluster, type ClusterSourcesOptions } from './clusters.js';
export { prometheusSourceFor, prometheusSourceFromConfig, prometheusSourceFromUrl, type PrometheusSourceOptions, type PrometheusTlsOptions } from './source.js';
export { PrometheusClient, MAX_POINTS_PER_SERIES, type InstantSample, type RangeSeries, type QueryStats } from './client.js';
export { prometheusMessages } from './messages.js';
export { runPrometheusChecks, type DoctorFinding, type DoctorOptions, type FindingSeverity } from './doctor-checks.js';
export { doctorMessages } from './doctor-messages.js';
