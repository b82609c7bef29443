/**
 * The Reserved Instances and Savings Plans a bill shows you own, as the planner's
 * `ExistingCommitment`s. Pure: lines (bill-commitment-lines.ts) and the plan time in, commitments out.
 *
 *   group lines by commitment id ─► prefer CUR over FOCUS for the same id (counted once; CUR has
 *     count and expiry) ─► drop expired ones and ones gone from the bill ─► size each from its
 *     latest period: RI count, SP $/hour
 *
 * Sizing from the latest period, not an average: a commitment's size is fixed, and the latest
 * period is what is owned now.
 */
import { DAY_SECONDS, HOUR_SECONDS } from '../../domain/units.js';
import { normalizationFactor } from '../../domain/pricing.js';
import type { CommitmentKind, ExistingCommitment } from '../../domain/commitment.js';
import type { BillCommitmentLine } from './bill-commitment-lines.js';
import { messages } from './messages.js';

/** A commitment the bill shows, sized. */
export interface BilledCommitment {
  /** Reservation / Savings Plan ARN or FOCUS CommitmentDiscountId. */
  id: string;
  kind: CommitmentKind;
  /** Region of an RI; '' for a Savings Plan (Compute Savings Plans apply in every region). */
  region: string;
  /** RI: the instance type reserved (size flexibility applies within the family); SP: ''. */
  instanceType: string;
  /** RI: reservations held; SP: 0. */
  count: number;
  /** SP: amount per hour committed (amortised upfront + recurring), in `currency` despite the name; RI: 0. */
  hourlyCommitmentUsd: number;
  /**
   * ISO 4217 code of the bill lines the commitment is sized from (`hourlyCommitmentUsd` is in it);
   * null when they do not say or disagree. An RI's size is a count, in no currency.
   */
  currency: string | null;
  /** Expiry, epoch ms; null when the export does not carry it (FOCUS; CUR without end-time columns). */
  expiresMs: number | null;
  /** Exports the commitment was seen in. */
  sources: ('cur' | 'focus')[];
  /** End of its latest line, epoch ms. */
  lastSeenMs: number;
}

/** A commitment on the bill that is not counted, and why ("not counted" is a value with a reason). */
export interface UncountedCommitment {
  id: string;
  kind: CommitmentKind | null;
  reason: string;
}

export interface BilledCommitments {
  counted: BilledCommitment[];
  notCounted: UncountedCommitment[];
}

const hourMs = HOUR_SECONDS * 1000;
/** A commitment whose lines stop more than this before the bill's end is gone (sold, exchanged, ended). */
const goneAfterMs = DAY_SECONDS * 1000;

/** Lines whose period starts last, and that period's length in hours. */
function latestPeriod(lines: BillCommitmentLine[]): { lines: BillCommitmentLine[]; hours: number } | null {
  if (!lines.length) return null;
  let startMs = -Infinity;
  for (const l of lines) startMs = Math.max(startMs, l.periodStartMs);
  const latest = lines.filter((l) => l.periodStartMs === startMs);
  let endMs = startMs;
  for (const l of latest) endMs = Math.max(endMs, l.periodEndMs);
  const hours = (endMs - startMs) / hourMs;
  return hours > 0 ? { lines: latest, hours } : null;
}

/** The value with the most weight (ties: alphabetical), '' when none. */
function heaviest(weights: Map<string, number>): string {
  let best = '';
  let bestWeight = -Infinity;
  for (const [key, weight] of [...weights].sort(([a], [b]) => a.localeCompare(b))) {
    if (key && weight > bestWeight) {
      best = key;
      bestWeight = weight;
    }
  }
  return best;
}

/** The one currency of `lines`, null when one is unknown or they disagree. */
function currencyOfLines(lines: readonly BillCommitmentLine[]): string | null {
  const codes = new Set(lines.map((l) => l.currency));
  return codes.size === 1 ? [...codes][0]! : null;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function sizeReservedInstance(id: string, lines: BillCommitmentLine[]): Omit<BilledCommitment, 'expiresMs' | 'sources' | 'lastSeenMs' | 'currency'> | UncountedCommitment {
  const fees = latestPeriod(lines.filter((l) => l.role === 'fee' && (l.reservations !== null || l.hoursMeasureCommitment)));
  const quantities = latestPeriod(lines.filter((l) => l.role !== 'fee' && l.hoursMeasureCommitment));
  let count: number | null = null;
  if (fees) count = fees.lines.reduce((sum, l) => sum + (l.reservations ?? l.hours / fees.hours), 0);
  else if (quantities) count = quantities.lines.reduce((sum, l) => sum + l.hours, 0) / quantities.hours;
  if (count === null || !(count > 0)) return { id, kind: 'reserved-instance', reason: messages.billedCountUnknown() };
  // The type the fee names; else the type it covered most (in normalised units).
  const named = new Map<string, number>();
  for (const l of fees?.lines ?? []) named.set(l.instanceType, (named.get(l.instanceType) ?? 0) + 1);
  const covered = new Map<string, number>();
  const regions = new Map<string, number>();
  for (const l of lines) {
    if (l.role === 'used') covered.set(l.instanceType, (covered.get(l.instanceType) ?? 0) + l.hours * (normalizationFactor(l.instanceType) ?? 0));
    regions.set(l.region, (regions.get(l.region) ?? 0) + (l.role === 'fee' ? Infinity : l.hours));
  }
  const instanceType = heaviest(named) || heaviest(covered);
  if (!instanceType) return { id, kind: 'reserved-instance', reason: messages.billedTypeUnknown() };
  return { id, kind: 'reserved-instance', region: heaviest(regions), instanceType, count: round(count, 3), hourlyCommitmentUsd: 0 };
}

function sizeSavingsPlan(id: string, lines: BillCommitmentLine[]): Omit<BilledCommitment, 'expiresMs' | 'sources' | 'lastSeenMs'> | UncountedCommitment {
  // CUR: the recurring fee's TotalCommitmentToDate; FOCUS: used + unused EffectiveCost of a period.
  const fees = latestPeriod(lines.filter((l) => l.role === 'fee' && l.commitmentUsd !== null));
  const spread = fees ?? latestPeriod(lines.filter((l) => l.role !== 'fee' && l.source === 'focus' && l.commitmentUsd !== null));
  if (!spread) return { id, kind: 'savings-plan', reason: messages.billedCommitmentUnknown() };
  const hourlyUsd = spread.lines.reduce((sum, l) => sum + l.commitmentUsd!, 0) / spread.hours;
  if (!(hourlyUsd > 0)) return { id, kind: 'savings-plan', reason: messages.billedCommitmentUnknown() };
  return { id, kind: 'savings-plan', region: '', instanceType: '', count: 0, hourlyCommitmentUsd: round(hourlyUsd, 6), currency: currencyOfLines(spread.lines) };
}

/**
 * The commitments owned at `asOfMs` according to the bill's lines. A commitment seen in both a
 * CUR and a FOCUS export (same id) is counted once, sized from the CUR.
 */
export function deriveBilledCommitments(lines: readonly BillCommitmentLine[], asOfMs: number): BilledCommitments {
  const byId = new Map<string, BillCommitmentLine[]>();
  // Where the bill's data ends: monthly fee lines run to the month's end even mid-month, so only
  // lines of a day or less tell (all lines when there are none).
  let billEndMs = -Infinity;
  let anyEndMs = -Infinity;
  for (const l of lines) {
    const list = byId.get(l.commitmentId) ?? [];
    list.push(l);
    byId.set(l.commitmentId, list);
    anyEndMs = Math.max(anyEndMs, l.periodEndMs);
    if (l.periodEndMs - l.periodStartMs <= DAY_SECONDS * 1000) billEndMs = Math.max(billEndMs, l.periodEndMs);
  }
  if (billEndMs === -Infinity) billEndMs = anyEndMs;
  const counted: BilledCommitment[] = [];
  const notCounted: UncountedCommitment[] = [];
  for (const [id, all] of [...byId].sort(([a], [b]) => a.localeCompare(b))) {
    const cur = all.filter((l) => l.source === 'cur');
    const use = cur.length ? cur : all;
    const kind = use.find((l) => l.kind !== null)?.kind ?? all.find((l) => l.kind !== null)?.kind ?? null;
    let expiresMs: number | null = null;
    let lastSeenMs = -Infinity;
    for (const l of all) {
      if (l.endMs !== null) expiresMs = Math.max(expiresMs ?? -Infinity, l.endMs);
      lastSeenMs = Math.max(lastSeenMs, l.periodEndMs);
    }
    if (kind === null) {
      notCounted.push({ id, kind, reason: messages.billedKindUnknown() });
      continue;
    }
    if (expiresMs !== null && expiresMs <= asOfMs) {
      notCounted.push({ id, kind, reason: messages.billedExpired(expiresMs) });
      continue;
    }
    if (lastSeenMs < billEndMs - goneAfterMs) {
      notCounted.push({ id, kind, reason: messages.billedGone(lastSeenMs) });
      continue;
    }
    const sized = kind === 'reserved-instance' ? sizeReservedInstance(id, use) : sizeSavingsPlan(id, use);
    if ('reason' in sized) {
      notCounted.push(sized);
      continue;
    }
    const sources = [...new Set(all.map((l) => l.source))].sort();
    counted.push({ currency: currencyOfLines(use), ...sized, expiresMs, sources, lastSeenMs });
  }
  counted.sort((a, b) => a.kind.localeCompare(b.kind) || a.region.localeCompare(b.region) || a.instanceType.localeCompare(b.instanceType) || a.id.localeCompare(b.id));
  return { counted, notCounted };
}

/**
 * The planner's input. A commitment whose expiry the bill does not carry is assumed to last until
 * `unknownExpiryMs` (the end of the planned term): counting coverage that may end early can only
 * make the plan buy less, never buy something already owned.
 */
export function toExistingCommitments(billed: readonly BilledCommitment[], unknownExpiryMs: number): ExistingCommitment[] {
  return billed.map((b) => ({ kind: b.kind, region: b.region, instanceType: b.instanceType, count: b.count, hourlyCommitmentUsd: b.hourlyCommitmentUsd, expiresMs: b.expiresMs ?? unknownExpiryMs }));
}
