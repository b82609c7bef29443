// The commitment planner (pure): RI counts and Savings Plan commitments from hourly usage, prices and a forecast.
export { planCommitments, planTimeMs, commitmentTermTrend, type PlanCommitmentsInput, type ForecastFn } from './plan-commitments.js';
export { messages as commitmentMessages } from './messages.js';
export { buildDemandProfile, buildWithinDayProfile, expectedCoveredUnits, profileQuantileUnits, quantileOf, type DemandProfile } from './demand-profile.js';
export { planSchedule, type ScheduleStep } from './plan-schedule.js';
export { readCurCommitmentLines, readFocusCommitmentLines, type BillCommitmentLine, type BillCommitmentRole, type BillRow } from './bill-commitment-lines.js';
export { deriveBilledCommitments, toExistingCommitments, type BilledCommitment, type BilledCommitments, type UncountedCommitment } from './derive-billed-commitments.js';
