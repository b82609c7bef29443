/**
 * Savings of a commitment of k units over a sequence of periods (days of the forecast term, or
 * the lookback as one period). Per hour: on-demand avoided − committed cost, where the new
 * commitment covers demand above what existing commitments already cover:
 *
 *   saving/hour = p × (E[min(D, e + k)] − E[min(D, e)]) − r × k
 *
 * with p the on-demand and r the effective committed rate per unit. Concave in k, so the best
 * whole count is found by bisection on the marginal gain.
 */
import { expectedCoveredUnits, type DemandProfile } from './demand-profile.js';

export interface DemandPeriod {
  /** Mean demand in the period, units. */
  levelUnits: number;
  /** Units already covered by existing commitments in the period. */
  existingUnits: number;
  hours: number;
}

export interface CommitmentRates {
  /** On-demand $ per unit-hour. */
  onDemandUnitUsd: number;
  /** Effective committed $ per unit-hour (upfront amortised + recurring). */
  committedUnitUsd: number;
}

export interface CommitmentOutcome {
  savingsUsd: number;
  /** Unit-hours of the new commitment used. */
  coveredUnitHours: number;
  /** Unit-hours of demand not already covered by existing commitments. */
  eligibleUnitHours: number;
  committedUnitHours: number;
}

export function evaluateCommitment(profile: DemandProfile, periods: DemandPeriod[], rates: CommitmentRates, units: number): CommitmentOutcome {
  let savingsUsd = 0;
  let coveredUnitHours = 0;
  let eligibleUnitHours = 0;
  let committedUnitHours = 0;
  for (const p of periods) {
    const base = expectedCoveredUnits(profile, p.levelUnits, p.existingUnits);
    const covered = units > 0 ? expectedCoveredUnits(profile, p.levelUnits, p.existingUnits + units) - base : 0;
    coveredUnitHours += covered * p.hours;
    eligibleUnitHours += Math.max(0, p.levelUnits - base) * p.hours;
    committedUnitHours += units * p.hours;
    savingsUsd += (rates.onDemandUnitUsd * covered - rates.committedUnitUsd * units) * p.hours;
  }
  return { savingsUsd, coveredUnitHours, eligibleUnitHours, committedUnitHours };
}

/** Savings of a commitment of `units`, under some demand scenario. */
export type CommitmentEvaluator = (units: number) => CommitmentOutcome;

/** Evaluator over forecast periods (days of the term). */
export function evaluatorOverPeriods(profile: DemandProfile, periods: DemandPeriod[], rates: CommitmentRates): CommitmentEvaluator {
  return (units) => evaluateCommitment(profile, periods, rates, units);
}

/** Evaluator over the lookback's actual hours: exact, no profile. */
export function evaluatorOverHours(demandUnits: ArrayLike<number>, existingUnits: ArrayLike<number>, rates: CommitmentRates): CommitmentEvaluator {
  return (units) => {
    let covered = 0;
    let eligible = 0;
    for (let t = 0; t < demandUnits.length; t++) {
      const d = demandUnits[t]!;
      const e = existingUnits[t]!;
      const base = Math.min(d, e);
      covered += Math.min(d, e + units) - base;
      eligible += d - base;
    }
    const hours = demandUnits.length;
    return { savingsUsd: rates.onDemandUnitUsd * covered - rates.committedUnitUsd * units * hours, coveredUnitHours: covered, eligibleUnitHours: eligible, committedUnitHours: units * hours };
  };
}

/**
 * The whole number of steps (each `stepUnits`) that maximises savings, in 0..maxSteps.
 * Savings are concave in the commitment, so the marginal gain of one more step only falls.
 */
export function findBestSteps(evaluate: CommitmentEvaluator, stepUnits: number, maxSteps: number): number {
  const gain = (steps: number) => evaluate((steps + 1) * stepUnits).savingsUsd - evaluate(steps * stepUnits).savingsUsd;
  let lo = 0;
  let hi = maxSteps;
  // The first step count whose next step no longer gains.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (gain(mid) > 1e-9) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The largest number of steps ≤ `upToSteps` whose savings stay ≥ 0 (savings are concave and 0 at 0). */
export function findLargestSafeSteps(evaluate: CommitmentEvaluator, stepUnits: number, upToSteps: number): number {
  const safe = (steps: number) => evaluate(steps * stepUnits).savingsUsd >= 0;
  if (safe(upToSteps)) return upToSteps;
  let lo = 0;
  let hi = upToSteps;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (safe(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
