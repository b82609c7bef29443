/**
 * Steps in the capacity model's series are held and named: on the sample cluster a fourth
 * m5.2xlarge node joins 9 days before the end (src/sample/catalogue.ts) and the DaemonSets'
 * requests (kube-system, monitoring) step up with it; ml's requests step up by 2 cores two days
 * before the end. Read as trend, kube-system's CPU requests (2.80 → 2.98 cores) were forecast at
 * 4.78 cores 13 weeks out.
 */
import { describe, expect, it } from 'vitest';
import { generateSampleCluster } from '../../../src/sample/index.js';
import { aggregateDailyMax, assessCapacity, formatIsoDate, type CapacityInput } from '../../../src/models/capacity/index.js';
import { forecast } from '../../../src/models/forecast/index.js';
import { formatCapacitySummaryMarkdown, listCapacitySteps } from '../../../src/app/capacity-format.js';

const DAY_MS = 86_400_000;
const sample = generateSampleCluster({ stepSeconds: 3600 });
const input: CapacityInput = {
  cluster: sample.cluster, nowMs: sample.endMs, clusterSeries: sample.usage.clusterSeries, nodes: sample.nodes, volumes: sample.usage.volumes, dailyCosts: [],
};
const { report } = assessCapacity(input, forecast, { runId: 'test', horizonWeeks: 13 });

function daily(series: string): { startMs: number; values: Float64Array } {
  return aggregateDailyMax(sample.usage.clusterSeries.find((s) => s.series === series)!.points)!;
}

describe('steps in the capacity forecasts', () => {
  it("holds kube-system's requests at the level the new node's DaemonSets set, and names the step", () => {
    const history = daily('namespace=kube-system/cpu_requests_cores');
    const nodeDay = formatIsoDate(history.startMs + (history.values.length - 9) * DAY_MS);
    const before = history.values[0]!, latest = history.values[history.values.length - 1]!;
    const f = report.scopes.find((s) => s.scope === 'namespace' && s.name === 'kube-system')!.cpu.requestsForecast!;
    expect(f.lastValue).toBeCloseTo(latest, 9);
    expect(f.atHorizon.mean).toBeCloseTo(latest, 9);
    expect(f.peakMean).toBeCloseTo(latest, 9);
    expect(f.levelShifts).toEqual([{ date: nodeDay, size: expect.closeTo(latest - before, 9) as unknown as number }]);
    const sentences = listCapacitySteps(report);
    expect(sentences).toContain(`Step in namespace kube-system CPU requests, forecast as a new level rather than growth: +${(latest - before).toFixed(2)} cores from ${nodeDay}.`);
    expect(formatCapacitySummaryMarkdown(report)).toContain(`- ${sentences[0]}`);
  });

  it('names no step in a series that grows gradually or wanders (usage peaks)', () => {
    for (const s of report.scopes) for (const r of [s.cpu, s.memory]) expect(r.usageForecast?.levelShifts ?? [], `${s.scope} ${s.name} ${r.resource}`).toEqual([]);
    // Every sentence is about requests, and every step named was in a piecewise-constant history.
    expect(listCapacitySteps(report).length).toBeGreaterThanOrEqual(3);
    for (const sentence of listCapacitySteps(report)) expect(sentence).toMatch(/ requests, forecast as a new level/);
  });
});
