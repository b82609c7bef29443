/**
 * VPA-like strategy, computed offline from the hourly history instead of an in-cluster recommender:
 * CPU = p90 of a decaying histogram of usage + 15 % margin; memory = p90 of daily peaks + 15 %.
 *
 * The history has, per step, the mean CPU of a pod and the highest 5-minute rate of any pod; both
 * go in with half the step's weight, so the histogram sees the typical level and the busy minutes.
 * Steps right after pods started (the pod count rose) enter with their mean only, so a startup
 * spike is not taken for steady-state demand.
 */
import { z } from 'zod';
import { DAY_SECONDS, HOUR_SECONDS } from '../../domain/units.js';
import { DecayingHistogram } from './decaying-histogram.js';
import { reasons } from './messages.js';
import type { RightsizingStrategy } from './strategy.js';

export const decayingHistogramSettingsSchema = z.strictObject({
  halfLifeHours: z.number().positive().max(24 * 90).default(24)
    .describe('Half-life of sample weights, hours: a sample this old counts half as much. Default 24.'),
  bucketGrowthPercent: z.number().positive().max(100).default(5)
    .describe('Each histogram bucket is this percent wider than the previous one. Default 5.'),
  cpuPercentile: z.number().gt(0).lt(1).default(0.9)
    .describe('CPU target percentile of the histogram, 0..1. Default 0.9.'),
  cpuMarginPercent: z.number().min(0).max(200).default(15)
    .describe('Safety margin added to the CPU target, percent. Default 15.'),
  memoryPercentile: z.number().gt(0).max(1).default(0.9)
    .describe('Memory target percentile of the daily-peak histogram, 0..1. Default 0.9.'),
  memoryMarginPercent: z.number().min(0).max(200).default(15)
    .describe('Safety margin added to the memory target, percent. Default 15.'),
});

export type DecayingHistogramSettings = z.infer<typeof decayingHistogramSettingsSchema>;

// VPA starts at 10m; 1m keeps small sidecars from being rounded up to 12m by the first bucket alone.
const cpuFirstBucketCores = 0.001;
const cpuMaxCores = 1000;
const memoryFirstBucketBytes = 1e7;
const memoryMaxBytes = 1e13;

export const decayingHistogramStrategy: RightsizingStrategy<typeof decayingHistogramSettingsSchema> = {
  name: 'decaying-histogram',
  version: 1,
  description: 'VPA-like: decaying histograms (5 % buckets, 24 h half-life); CPU p90 + 15 %, memory p90 of daily peaks + 15 %.',
  settingsSchema: decayingHistogramSettingsSchema,
  needs: () => ({ cpuPercentiles: [], history: true }),
  recommend({ history }, settings) {
    if (!history) return { kind: 'none', reason: reasons.noHistory('decaying-histogram') };
    const stepMs = history.stepSeconds * 1000;
    const steps = history.cpuMeanCores.length;
    const endMs = history.startMs + steps * stepMs;
    const growthRatio = settings.bucketGrowthPercent / 100;
    const halfLifeMs = settings.halfLifeHours * HOUR_SECONDS * 1000;
    const cpu = new DecayingHistogram({ firstBucketSize: cpuFirstBucketCores, maxValue: cpuMaxCores, growthRatio, halfLifeMs, referenceMs: endMs });
    const memory = new DecayingHistogram({ firstBucketSize: memoryFirstBucketBytes, maxValue: memoryMaxBytes, growthRatio, halfLifeMs, referenceMs: endMs });

    // Daily peaks are taken over 24 h windows counted back from the end of the history.
    const stepsPerDay = Math.max(1, Math.round(DAY_SECONDS / history.stepSeconds));
    let dayPeak = Number.NaN;
    let startupSteps = 0;
    let startupSpikeCores = 0;
    let previousPods = 0;
    for (let i = 0; i < steps; i++) {
      const pods = history.pods[i]!;
      const tMs = history.startMs + (i + 1) * stepMs;
      const mean = history.cpuMeanCores[i]!;
      const max = history.cpuMaxCores[i]!;
      if (pods > 0 && Number.isFinite(mean)) {
        // Weight by pod count: a step with 10 pods is 10 times the evidence of a step with one.
        const weight = pods;
        const startedPods = pods > previousPods;
        if (startedPods && Number.isFinite(max) && max > mean) {
          startupSteps++;
          startupSpikeCores = Math.max(startupSpikeCores, max);
          cpu.addSample(mean, weight, tMs);
        } else {
          cpu.addSample(mean, weight / 2, tMs);
          cpu.addSample(Number.isFinite(max) ? max : mean, weight / 2, tMs);
        }
      }
      previousPods = Number.isFinite(pods) ? pods : 0;
      // Day boundaries from the end: step i belongs to day floor((steps - 1 - i) / stepsPerDay).
      const memoryValue = history.memoryPeakBytes[i]!;
      if (Number.isFinite(memoryValue)) dayPeak = Number.isNaN(dayPeak) ? memoryValue : Math.max(dayPeak, memoryValue);
      const lastOfDay = (steps - 1 - i) % stepsPerDay === 0;
      if (lastOfDay) {
        if (!Number.isNaN(dayPeak)) memory.addSample(dayPeak, 1, tMs);
        dayPeak = Number.NaN;
      }
    }
    if (cpu.isEmpty() || memory.isEmpty()) return { kind: 'none', reason: reasons.noHistory('decaying-histogram') };
    const cpuTargetCores = cpu.percentile(settings.cpuPercentile);
    const memoryTargetBytes = memory.percentile(settings.memoryPercentile);
    const cpuMarginRatio = settings.cpuMarginPercent / 100;
    const memoryMarginRatio = settings.memoryMarginPercent / 100;
    const out: string[] = [];
    if (startupSteps > 0 && startupSpikeCores > cpuTargetCores * (1 + cpuMarginRatio)) out.push(reasons.startupSpikesIgnored(startupSteps, startupSpikeCores));
    return {
      kind: 'requests',
      cpuRequestCores: cpuTargetCores * (1 + cpuMarginRatio),
      memoryRequestBytes: memoryTargetBytes * (1 + memoryMarginRatio),
      cpuReason: (requestCores) => reasons.histogramCpu(settings.cpuPercentile, cpuTargetCores, cpuMarginRatio, settings.halfLifeHours, requestCores),
      memoryReason: (requestBytes) => reasons.histogramMemory(settings.memoryPercentile, memoryTargetBytes, memoryMarginRatio, requestBytes),
      reasons: out,
    };
  },
};
