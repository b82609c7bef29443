// The domain: leaf types and helpers shared by every layer. Imports nothing of ours.
export * from './errors.js';
export * from './units.js';
export * from './workload.js';
export * from './usage.js';
export * from './cost.js';
export * from './forecast.js';
export * from './recommendation.js';
export * from './commitment.js';
export * from './pricing.js';
export * from './capacity.js';
export * from './allocation.js';
