// Capacity planning models (pure): time-to-exhaustion, node-pool sizing, PVC fill dates and
// monthly cost forecasts, all on top of the forecast engine passed in as a Forecaster.
export { assessCapacity, parseSeriesName, type CapacityInput, type CapacityOptions, type CapacityAssessment } from './assess-capacity.js';
export { estimateExhaustion, exhaustionForecastRequest, findFirstCrossing, firstPassageLevel, type ExhaustionQuery } from './exhaustion.js';
export { countNodesNeeded, sizeNodePool, type NodePoolDemand } from './node-sizing.js';
export { forecastPvcFill, fitLinear, type PvcFillOptions } from './pvc-fill.js';
export { forecastCosts, sumMonthly, planMonths, addUtcMonths, totalCostKey, unallocatedNamespaceKey, idleAndUnallocatedKey, noTeamKey, type DailyCost, type CostForecastOptions } from './cost-forecast.js';
export type { AllocatedCosts, AllocatedDay } from './allocated-costs.js';
export { aggregateDailyMax, aggregateDailySum, formatIsoDate, startOfUtcDayMs } from './daily-series.js';
export { nameForecast, intervalAt, type Forecaster, type NamedForecast } from './forecaster.js';
export { capacityMessages, capacityErrors, describeScope, describeExhaustionEvent } from './messages.js';
export { normalQuantile } from '../stats/index.js';
