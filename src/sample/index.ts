// The embedded sample cluster (seeded, deterministic) with ground truth; see types.ts.
export type { SampleOptions, SampleCluster, SamplePod, SampleContainerTruth } from './types.js';
export { generateSampleCluster } from './generate.js';
