/**
 * One measured rightsizing run, in its own process so that its peak RSS and CPU time are its own
 * (the parent generated the sample and holds it). Prints one JSON line of figures.
 * Args: <prometheus url> <cluster> <startMs> <endMs>
 */
import { peakRssBytes } from './machine.js';
import { collectWorkloadUsage, prometheusSourceFromUrl } from '../src/collectors/prometheus/index.js';
import { validateConfig } from '../src/config/index.js';
import { loadPriceList } from '../src/pricing/index.js';
import { loadInstancePrices, resolveRightsizeSettings, runRightsizeModel, usagePartsForRightsizing } from '../src/app/rightsize.js';
import { formatRightsizeJson } from '../src/reports/rightsize/index.js';

const [url, cluster, startArg, endArg] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const start = performance.now();
const config = validateConfig({});
const priceList = await loadPriceList();
const resolved = resolveRightsizeSettings(config.rightsizing);
// As `headroom rightsize` does: collect only what the strategy and the safety rules read.
const usage = await collectWorkloadUsage(prometheusSourceFromUrl(url!, { clusterName: cluster! }), { startMs: Number(startArg), endMs: Number(endArg) }, { parts: usagePartsForRightsizing(resolved) });
const collected = performance.now();
const { prices } = await loadInstancePrices({ nodes: usage.nodes, priceList, windowEndMs: usage.windowEndMs });
const result = runRightsizeModel({ usage, inventory: [], prices, resolved });
const json = formatRightsizeJson(result);
const end = performance.now();
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({
  recommendations: result.recommendations.length,
  recommended: result.totals.recommended,
  collectSeconds: (collected - start) / 1000,
  modelSeconds: (end - collected) / 1000,
  runSeconds: (end - start) / 1000,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  peakRssBytes: peakRssBytes(),
  queries: usage.stats.queries,
  bytesReceived: usage.stats.bytesReceived,
  prometheusSecondsByQuery: usage.stats.prometheusSecondsByQuery ?? {},
  prometheusBusySeconds: usage.stats.prometheusBusySeconds ?? 0,
  jsonBytes: json.length,
  warnings: usage.warnings.length,
}) + '\n');
