// GitOps outputs: strategic-merge patches per workload, and in-place edits of manifests and Helm values.
export { buildStrategicMergePatches, patchFileName, type GeneratedFile } from './strategic-merge-patches.js';
export { applyRecommendationsToText, type ApplyChange, type ApplyFileResult, type ApplyOptions } from './apply-resources.js';
export { formatCpuQuantity, formatMemoryQuantity, parseQuantity } from './quantity.js';
export { toResourceValues, type ResourceValues } from './resource-values.js';
export { containersPath, apiVersionByKind } from './container-path.js';
