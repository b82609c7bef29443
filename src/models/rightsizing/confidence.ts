/**
 * Confidence from how much evidence a recommendation rests on. Under 3 days of history is never
 * `high`: a weekly cycle has not been seen even once.
 */
import type { RecommendationConfidence } from '../../domain/recommendation.js';
import { DAY_SECONDS, HOUR_SECONDS } from '../../domain/units.js';

export interface ConfidenceThresholds {
  /** History needed for `high`, seconds (at least 3 days). Default 7 days. */
  highMinHistorySeconds: number;
  highMinSamples: number;
  mediumMinHistorySeconds: number;
  mediumMinSamples: number;
  /** Below these there is no recommendation at all. */
  minHistorySeconds: number;
  minSamples: number;
}

export const defaultConfidenceThresholds: ConfidenceThresholds = {
  highMinHistorySeconds: 7 * DAY_SECONDS,
  highMinSamples: 168,
  mediumMinHistorySeconds: 1 * DAY_SECONDS,
  mediumMinSamples: 24,
  minHistorySeconds: 1 * HOUR_SECONDS,
  minSamples: 6,
};

const neverHighBelowSeconds = 3 * DAY_SECONDS;

export function rateConfidence(historySeconds: number, sampleCount: number, thresholds: ConfidenceThresholds = defaultConfidenceThresholds): RecommendationConfidence {
  const highHistory = Math.max(thresholds.highMinHistorySeconds, neverHighBelowSeconds);
  if (historySeconds >= highHistory && sampleCount >= thresholds.highMinSamples) return 'high';
  if (historySeconds >= thresholds.mediumMinHistorySeconds && sampleCount >= thresholds.mediumMinSamples) return 'medium';
  return 'low';
}

export function hasEnoughData(historySeconds: number, sampleCount: number, thresholds: ConfidenceThresholds = defaultConfidenceThresholds): boolean {
  return historySeconds >= thresholds.minHistorySeconds && sampleCount >= thresholds.minSamples;
}
