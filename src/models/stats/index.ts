// Small statistics shared by the models.
export { normalQuantile } from './normal-quantile.js';
export { median } from './median.js';
