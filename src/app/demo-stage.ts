/**
 * A stage of `headroom demo`. Each issue adds its stage to `demo-stages.ts`; the demo runs them
 * in order, sharing one store and one sample, and prints what each wrote.
 */
import type { Logger } from '../util/logger.js';
import type { Store } from '../store/index.js';
import type { HeadroomConfig } from '../config/index.js';
import type { SampleCluster } from '../sample/index.js';

export interface DemoContext {
  store: Store;
  /** Root of the demo's outputs (default ./headroom-demo). Stages write below it. */
  outDir: string;
  /** The demo's clock: the end of the sample window. */
  nowMs: number;
  sample: SampleCluster;
  config: HeadroomConfig;
  logger: Logger;
  /** Results earlier stages published for later ones (e.g. forecasts for the report). */
  results: Map<string, unknown>;
}

export interface DemoOutput {
  label: string;
  path: string;
}

export interface DemoStage {
  name: string;
  /** Returns the files it wrote and a one-line summary for the terminal. */
  run(ctx: DemoContext): Promise<{ outputs: DemoOutput[]; summary: string }>;
}
