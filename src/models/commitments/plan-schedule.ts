/**
 * A staggered purchase plan: buy now what even the pessimistic forecast uses, then the rest in
 * monthly steps, each a chance to re-run the plan on newer usage before buying more.
 */
const monthMs = 30 * 86_400_000;

export interface ScheduleStep {
  date: string;
  /** Whole RIs, or Savings Plan steps. */
  amount: number;
}

/** Splits `total` into at most `steps` purchases starting at `startMs`; the first is at least `firstAmount`. */
export function planSchedule(total: number, firstAmount: number, startMs: number, steps: number, wholeUnits: boolean): ScheduleStep[] {
  const date = (i: number) => new Date(startMs + i * monthMs).toISOString().slice(0, 10);
  if (total <= 0) return [];
  const first = Math.max(Math.min(firstAmount, total), wholeUnits ? 1 : 0);
  const rest = total - first;
  const later = Math.max(0, steps - 1);
  const out: ScheduleStep[] = [{ date: date(0), amount: first }];
  if (later === 0 || rest === 0) {
    out[0]!.amount = total;
    return out;
  }
  // Spread the rest evenly over the later months; whole amounts, earlier steps take the remainder.
  const each = Math.floor(rest / later);
  let remainder = rest - each * later;
  for (let i = 1; i <= later; i++) {
    const amount = each + (remainder > 0 ? 1 : 0);
    if (remainder > 0) remainder--;
    if (amount > 0) out.push({ date: date(i), amount });
  }
  return out;
}
