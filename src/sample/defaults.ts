/** Defaults of SampleOptions, apart from the generator so that `headroom sample --help` shows them without loading it. */
export const sampleDefaults = {
  seed: 42,
  days: 30,
  endMs: Date.UTC(2026, 10, 16),
  stepSeconds: 60,
  cluster: 'sample',
} as const;

/** Most clusters one sample backend holds (`headroom sample --clusters`). */
export const MAX_SAMPLE_CLUSTERS = 26;
