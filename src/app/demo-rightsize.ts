/**
 * Demo stage: rightsizing on the embedded sample — recommendations from the sample's usage,
 * inventory (HPAs) and nodes, priced from the billing in the store (else the bundled price list),
 * written as JSON, CSV, Markdown, a table and strategic-merge patches, and stored as a run.
 */
import { join } from 'node:path';
import { loadPriceList } from '../pricing/index.js';
import { formatRightsizeCsv, formatRightsizeJson, formatRightsizeMarkdown, formatRightsizeTable, formatUsd } from '../reports/rightsize/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { DemoStage } from './demo-stage.js';
import { loadInstancePrices, resolveRightsizeSettings, runRightsizeModel, storeRightsizeRun, writePatches } from './rightsize.js';

export const rightsizeStage: DemoStage = {
  name: 'rightsizing',
  async run(ctx) {
    const { sample, store, config } = ctx;
    const resolved = resolveRightsizeSettings(config.rightsizing);
    const priceList = await loadPriceList(config.billing.pricingFile);
    const { prices, warnings } = await loadInstancePrices({ nodes: sample.usage.nodes, priceList, store, windowEndMs: sample.endMs });
    // The sample knows where each pod ran, so each workload is priced at its own nodes.
    const workloadNodes = new Map<string, string[]>();
    for (const p of sample.pods) {
      const key = `${sample.cluster}/${p.namespace}/${p.workloadKind}/${p.workload}`;
      const list = workloadNodes.get(key) ?? [];
      list.push(p.node);
      workloadNodes.set(key, list);
    }
    const result = runRightsizeModel({ usage: sample.usage, inventory: sample.inventory, prices, resolved, workloadNodes });
    result.warnings.push(...warnings);
    const dir = join(ctx.outDir, 'rightsizing');
    const files = {
      json: join(dir, 'recommendations.json'),
      csv: join(dir, 'recommendations.csv'),
      markdown: join(dir, 'recommendations.md'),
      table: join(dir, 'recommendations.txt'),
    };
    await writeFileAtomic(files.json, formatRightsizeJson(result));
    await writeFileAtomic(files.csv, formatRightsizeCsv(result));
    await writeFileAtomic(files.markdown, formatRightsizeMarkdown(result));
    await writeFileAtomic(files.table, formatRightsizeTable(result));
    const patchesDir = join(dir, 'patches');
    const patches = await writePatches(patchesDir, result.recommendations);
    const runId = await storeRightsizeRun(store, result, { nowMs: () => ctx.nowMs, trigger: 'manual' });
    ctx.results.set('rightsizing', result);
    ctx.logger.debug({ runId }, 'rightsizing run stored');
    const rp = result.repacking;
    const repack = rp ? `; nodes ${rp.nodesNeededCurrent} → ${rp.nodesAfter} (${formatUsd(rp.monthlySavingsUsd)}/month)` : '';
    return {
      outputs: [
        { label: 'recommendations (JSON)', path: files.json },
        { label: 'recommendations (CSV)', path: files.csv },
        { label: 'recommendations (Markdown)', path: files.markdown },
        { label: 'recommendations (table)', path: files.table },
        { label: `patches (${patches.length} files)`, path: patchesDir },
      ],
      summary: `${result.totals.recommended} of ${result.totals.containers} containers, ${formatUsd(result.totals.monthlySavingsUsd)}/month with ${result.strategy}${repack}`,
    };
  },
};
