/**
 * Allocated daily cost as finance's cost forecast reads it: per namespace and per team, what an
 * allocation run charged (OpenCost's method, shared namespaces spread over the others), and what
 * it charged to no one — idle node capacity and bill lines it could not place — as the difference
 * between the bill's daily total and everything allocated, over the allocation's window.
 */
import type { DailyCost } from '../../domain/capacity.js';
import { DAY_SECONDS } from '../../domain/units.js';
import { startOfUtcDayMs } from './daily-series.js';

const DAY_MS = DAY_SECONDS * 1000;

export interface AllocatedDay {
  dayStartMs: number;
  costUsd: number;
}

export interface AllocatedCosts {
  runId: string;
  /** The allocation's window, [start, end). */
  windowStartMs: number;
  windowEndMs: number;
  /** Per namespace: its allocated cost per day. */
  namespace: ReadonlyMap<string, readonly AllocatedDay[]>;
  /** Per team (the team label's values, `(no team label)` included): its allocated cost per day. */
  team: ReadonlyMap<string, readonly AllocatedDay[]>;
}

/**
 * The bill's daily total minus the namespaces' allocated total, for each day of the allocation
 * window the bill has; empty when the allocation leaves nothing out.
 */
export function residualDailyCost(daily: readonly DailyCost[], allocated: AllocatedCosts): AllocatedDay[] {
  const billed = new Map<number, number>();
  for (const c of daily) {
    const d = startOfUtcDayMs(c.dayStartMs);
    if (d >= allocated.windowStartMs && d < allocated.windowEndMs) billed.set(d, (billed.get(d) ?? 0) + c.costUsd);
  }
  const charged = new Map<number, number>();
  for (const days of allocated.namespace.values()) for (const x of days) charged.set(startOfUtcDayMs(x.dayStartMs), (charged.get(startOfUtcDayMs(x.dayStartMs)) ?? 0) + x.costUsd);
  const out: AllocatedDay[] = [];
  let any = false;
  for (let d = startOfUtcDayMs(allocated.windowStartMs); d < allocated.windowEndMs; d += DAY_MS) {
    const bill = billed.get(d);
    if (bill === undefined) continue;
    const rest = bill - (charged.get(d) ?? 0);
    // Cents: allocations reconcile to the bill to the cent, so a smaller rest is rounding.
    if (Math.abs(rest) >= 0.005) any = true;
    out.push({ dayStartMs: d, costUsd: rest });
  }
  return any ? out : [];
}
