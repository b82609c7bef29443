// SLI events and alert history for the sample's example SLOs (demo and Prometheus tests).
export {
  generateSampleSlis, generateSampleSlisFor, findLatestRolloutMs, countSloEvents, listAlertSamples,
  type SampleSlis, type SampleSliOptions, type SampleCounterSeries, type SampleSloEvents, type SampleAlertEpisode,
} from './generate-slis.js';
export { formatSliOpenMetrics, type SliOpenMetricsOptions } from './openmetrics.js';
