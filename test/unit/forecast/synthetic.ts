/** Seeded synthetic series for the forecast tests: known signal plus known noise. */
import type { RegularSeries } from '../../../src/domain/index.js';
import { RandomStream } from '../../../src/sample/prng.js';

/** A seeded mulberry32 stream (the sample's), so every run sees the same numbers. */
export function createRandom(seed: number): () => number {
  const stream = new RandomStream(seed);
  return () => stream.next();
}

export function createGaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
}

export const hourMs = 3_600_000;
export const startMs = Date.UTC(2026, 0, 5);

/** Values of `signal(t)` for t = 0..length-1. */
export function generate(length: number, signal: (t: number) => number): Float64Array {
  const values = new Float64Array(length);
  for (let t = 0; t < length; t++) values[t] = signal(t);
  return values;
}

export function hourly(values: Float64Array): RegularSeries {
  return { startMs, stepSeconds: 3600, values };
}

/** Daily and weekly cycles on a level: a typical service's CPU. */
export function seasonalSignal(t: number): number {
  return 100 + 20 * Math.sin((2 * Math.PI * t) / 24) + 8 * Math.cos((2 * Math.PI * t) / 168);
}
