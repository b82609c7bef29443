/**
 * The stages of `headroom demo`, in order. Each issue adds one line (keep the order:
 * store → collect → forecast/capacity → rightsize → billing/commitments → generate → report).
 */
import type { DemoStage } from './demo-stage.js';
import { storeSampleStage } from './demo-store-sample.js';
import { capacityStage } from './demo-capacity.js';
import { rightsizeStage } from './demo-rightsize.js';
import { monitoringStage } from './demo-generate.js';
import { billingStage } from './demo-billing.js';
import { allocationStage } from './demo-allocation.js';
import { financeStage } from './demo-finance.js';
// @demo-stage-imports (add imports above this line)
import { reportStage } from './demo-report.js';

export const demoStages: DemoStage[] = [
  storeSampleStage,
  capacityStage,
  rightsizeStage,
  billingStage,
  allocationStage,
  financeStage,
  monitoringStage,
  // @demo-stages (add stages above this line)
  reportStage, // always last: the report shows what every stage above produced
];
