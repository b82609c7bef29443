import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatForecastCsv, readForecastInput } from '../../../src/app/forecast-csv.js';
import { InputError, MONTH_STEP_SECONDS } from '../../../src/domain/index.js';
import { forecast } from '../../../src/models/forecast/index.js';

function writeCsv(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'headroom-freq-')), 'in.csv');
  writeFileSync(path, text);
  return path;
}

const monthly = (months: number, gapAt = -1) => ['series,timestamp,value', ...Array.from({ length: months }, (_, i) => {
  const d = new Date(Date.UTC(2024, i, 1)).toISOString().replace('.000Z', 'Z');
  return `spend,${d},${i === gapAt ? '' : 1000 + 10 * i}`;
})].join('\n');

describe('forecast input frequencies', () => {
  it('infers calendar months from month-start timestamps and forecasts the next calendar months', async () => {
    const [s] = await readForecastInput(writeCsv(monthly(30, 7)));
    expect(s!.series.stepSeconds).toBe(MONTH_STEP_SECONDS);
    expect(s!.series.values).toHaveLength(30);
    expect(Number.isNaN(s!.series.values[7])).toBe(true);
    const f = forecast(s!.series, { horizon: 3, levels: [80] });
    const csv = formatForecastCsv([{ name: 'spend', forecast: f, style: s!.timestampStyle }], [80]).trim().split('\n');
    expect(csv.slice(1).map((line) => line.split(',')[1])).toEqual(['2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z', '2026-09-01T00:00:00Z']);
    expect(f.mean[0]).toBeGreaterThan(1270);
    expect(f.mean[0]).toBeLessThan(1330);
  });

  it('infers weekly steps, and daily ones with days missing', async () => {
    const weekly = ['series,timestamp,value', ...Array.from({ length: 10 }, (_, i) => `w,${new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString()},${i}`)].join('\n');
    expect((await readForecastInput(writeCsv(weekly)))[0]!.series.stepSeconds).toBe(604_800);
    const daily = 'series,timestamp,value\nd,2026-01-01T00:00:00Z,1\nd,2026-01-02T00:00:00Z,2\nd,2026-01-04T00:00:00Z,4\nd,2026-01-05T00:00:00Z,5';
    const [d] = await readForecastInput(writeCsv(daily));
    expect(d!.series.stepSeconds).toBe(86_400);
    expect(d!.series.values).toHaveLength(5);
  });

  it('lays a series on a forced frequency, and names the series when its timestamps do not fit it', async () => {
    const daily = 'series,timestamp,value\nd,2026-01-01T00:00:00Z,1\nd,2026-01-03T00:00:00Z,3\nd,2026-01-05T00:00:00Z,5';
    const [d] = await readForecastInput(writeCsv(daily), { frequency: 'daily' });
    expect(d!.series.stepSeconds).toBe(86_400);
    expect(d!.series.values).toHaveLength(5);
    await expect(readForecastInput(writeCsv(monthly(6)), { frequency: 'weekly' })).rejects.toThrow(InputError);
    await expect(readForecastInput(writeCsv(monthly(6)), { frequency: 'weekly' })).rejects.toThrow(/series "spend" has timestamps that are not weekly steps apart/);
  });
});
