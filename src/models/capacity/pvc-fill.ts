/**
 * PVC fill dates from a straight-line fit of the usage history (what `predict_linear` does, plus
 * an interval). The slope's standard error is widened for autocorrelated residuals (effective
 * sample size n·(1−r₁)/(1+r₁)), since hourly disk usage is anything but independent noise; the
 * residuals' spread around the line widens the dates too.
 */
import type { PvcFill } from '../../domain/capacity.js';
import type { VolumeUsage } from '../../domain/usage.js';
import { DAY_SECONDS } from '../../domain/units.js';
import { formatIsoDate } from './daily-series.js';
import { capacityMessages } from './messages.js';
import { normalQuantile } from '../stats/index.js';

const DAY_MS = DAY_SECONDS * 1000;

export interface PvcFillOptions {
  nowMs: number;
  horizonWeeks: number;
  levelPercent: number;
  /** Only the most recent part of the history is fitted (recent growth matters). Default 14 days. */
  fitWindowSeconds?: number;
}

interface LinearFit {
  slopePerMs: number;
  slopeStdErrPerMs: number;
  /** Fitted value at the last point. */
  fittedLast: number;
  /** Standard deviation of the residuals around the line (bytes). */
  residualStdDev: number;
  lastMs: number;
}

/** Ordinary least squares with an autocorrelation-adjusted slope standard error. */
export function fitLinear(points: { timestampMs: number; value: number }[]): LinearFit | null {
  const n = points.length;
  if (n < 3) return null;
  const t0 = points[0].timestampMs;
  let st = 0, sv = 0;
  for (const p of points) { st += p.timestampMs - t0; sv += p.value; }
  const mt = st / n, mv = sv / n;
  let stt = 0, stv = 0;
  for (const p of points) { const dt = p.timestampMs - t0 - mt; stt += dt * dt; stv += dt * (p.value - mv); }
  if (stt === 0) return null;
  const slope = stv / stt;
  const intercept = mv - slope * mt;
  let sse = 0, lagProd = 0, prev = Number.NaN;
  for (const p of points) {
    const r = p.value - (intercept + slope * (p.timestampMs - t0));
    sse += r * r;
    if (Number.isFinite(prev)) lagProd += r * prev;
    prev = r;
  }
  const r1 = sse > 0 ? Math.max(0, Math.min(0.99, lagProd / sse)) : 0;
  const nEff = Math.max(3, (n * (1 - r1)) / (1 + r1));
  const sigma2 = sse / Math.max(1, n - 2);
  // Var(slope) = σ² / Σ(t−t̄)²; with n_eff < n the same spread of t carries less information.
  const se = Math.sqrt((sigma2 / stt) * (n / nEff));
  const last = points[n - 1].timestampMs;
  return { slopePerMs: slope, slopeStdErrPerMs: se, fittedLast: intercept + slope * (last - t0), lastMs: last, residualStdDev: Math.sqrt(sigma2) };
}

export function forecastPvcFill(v: VolumeUsage, o: PvcFillOptions): PvcFill {
  const name = `${v.namespace}/${v.persistentVolumeClaim}`;
  const usedRatio = v.capacityBytes > 0 ? v.usedBytes / v.capacityBytes : Number.NaN;
  const base = {
    cluster: v.cluster, namespace: v.namespace, persistentVolumeClaim: v.persistentVolumeClaim,
    capacityBytes: v.capacityBytes, usedBytes: v.usedBytes, usedRatio, growthBytesPerDay: 0, levelPercent: o.levelPercent,
    earliestMs: null, earliestDate: null, expectedMs: null, expectedDate: null, latestMs: null, latestDate: null,
    daysUntil: null, daysUntilLower: null, reason: null,
  } satisfies Partial<PvcFill>;
  if (v.capacityBytes > 0 && v.usedBytes >= v.capacityBytes) {
    const d = formatIsoDate(o.nowMs);
    return { ...base, status: 'full', earliestMs: o.nowMs, earliestDate: d, expectedMs: o.nowMs, expectedDate: d, latestMs: o.nowMs, latestDate: d, daysUntil: 0, daysUntilLower: 0, sentence: capacityMessages.pvcFull(name) };
  }
  const windowMs = (o.fitWindowSeconds ?? 14 * DAY_SECONDS) * 1000;
  const history = v.history.filter((p) => Number.isFinite(p.value)).sort((a, b) => a.timestampMs - b.timestampMs);
  const lastMs = history.length ? history[history.length - 1].timestampMs : 0;
  const recent = history.filter((p) => p.timestampMs > lastMs - windowMs);
  const fit = recent.length >= 6 && v.capacityBytes > 0 ? fitLinear(recent) : null;
  if (!fit) {
    const reason = v.capacityBytes > 0 ? capacityMessages.pvcShortHistory(recent.length) : 'capacity unknown';
    return { ...base, status: 'unknown', sentence: capacityMessages.pvcUnknown(name, reason), reason };
  }
  const growthBytesPerDay = fit.slopePerMs * DAY_MS;
  const z = normalQuantile(0.5 + o.levelPercent / 200);
  const slopeFast = fit.slopePerMs + z * fit.slopeStdErrPerMs;
  const slopeSlow = fit.slopePerMs - z * fit.slopeStdErrPerMs;
  if (!(slopeFast > 0)) return { ...base, growthBytesPerDay, status: 'not-growing', sentence: capacityMessages.pvcNotGrowing(name) };
  // Start from the observed usage now, not the fit's value, so a fresh cleanup or burst counts.
  // The interval takes both the slope's uncertainty and the wobble around the line (compactions,
  // bursts): the volume can fill z·σ early on a fast slope, or z·σ late on a slow one.
  const remaining = Math.max(0, v.capacityBytes - v.usedBytes);
  const wobble = z * fit.residualStdDev;
  const fillAt = (slope: number, bytes: number) => (slope > 0 ? o.nowMs + Math.max(0, bytes) / slope : null);
  const earliestMs = fillAt(slopeFast, remaining - wobble)!;
  const expectedMs = fillAt(fit.slopePerMs, remaining);
  const latestMs = fillAt(slopeSlow, remaining + wobble);
  const horizonEndMs = o.nowMs + o.horizonWeeks * 7 * DAY_MS;
  const fields = {
    ...base, growthBytesPerDay,
    earliestMs, earliestDate: formatIsoDate(earliestMs),
    expectedMs, expectedDate: expectedMs === null ? null : formatIsoDate(expectedMs),
    latestMs, latestDate: latestMs === null ? null : formatIsoDate(latestMs),
    daysUntil: expectedMs === null ? null : (expectedMs - o.nowMs) / DAY_MS,
    daysUntilLower: (earliestMs - o.nowMs) / DAY_MS,
  };
  if (earliestMs > horizonEndMs) return { ...fields, status: 'not-within-horizon', sentence: capacityMessages.pvcNotWithin(name, o.horizonWeeks, fields.expectedDate) };
  const latestShown = latestMs !== null && latestMs <= horizonEndMs ? fields.latestDate : null;
  return { ...fields, status: 'within-horizon', sentence: capacityMessages.pvcFills(name, fields.earliestDate, latestShown, o.levelPercent, fields.expectedDate ?? 'beyond the horizon') };
}
