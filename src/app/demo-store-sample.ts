/**
 * Demo stage 1: stores the sample's usage summaries, nodes and workload inventory in one
 * transaction (as `headroom collect` would) and writes the ground truth beside the outputs.
 */
import { join } from 'node:path';
import { DAY_SECONDS } from '../domain/units.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { formatTruthCsv } from '../sample/truth-csv.js';
import { saveUsageCollection, usageSnapshotId } from '../store/usage-repo.js';
import type { DemoStage } from './demo-stage.js';

export const storeSampleStage: DemoStage = {
  name: 'sample',
  async run(ctx) {
    const { sample, store } = ctx;
    const snapshotId = usageSnapshotId('sample', sample.cluster, sample.startMs, sample.endMs);
    const saved = await store.transaction((tx) => saveUsageCollection(tx, { snapshotId, source: 'sample', collectedAtMs: sample.endMs }, sample.usage, sample.inventory));
    const truthPath = join(ctx.outDir, 'sample', 'ground-truth.csv');
    await writeFileAtomic(truthPath, formatTruthCsv(sample.truth));
    const days = Math.round((sample.endMs - sample.startMs) / (DAY_SECONDS * 1000));
    const namespaces = new Set(sample.inventory.map((w) => w.namespace)).size;
    return {
      outputs: [{ label: 'ground truth (CSV)', path: truthPath }],
      summary: `${saved.workloads} workloads in ${namespaces} namespaces, ${saved.summaries} containers, ${saved.nodes} nodes, ${days} days stored`,
    };
  },
};
