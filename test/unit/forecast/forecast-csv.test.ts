import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatForecastCsv, formatIsoTimestamp, formatNumber, parseIsoTimestamp, readForecastInput } from '../../../src/app/forecast-csv.js';
import { InputError } from '../../../src/domain/index.js';

function writeCsv(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'headroom-csv-')), 'in.csv');
  writeFileSync(path, text);
  return path;
}

describe('forecast CSV', () => {
  it('parses ISO-8601 timestamps with a zone and rejects everything else', () => {
    expect(parseIsoTimestamp('2014-02-27T14:00:00Z')?.timestampMs).toBe(Date.UTC(2014, 1, 27, 14));
    expect(parseIsoTimestamp('2014-02-27T15:00:00+01:00')?.timestampMs).toBe(Date.UTC(2014, 1, 27, 14));
    expect(parseIsoTimestamp('2014-02-27 14:00Z')?.timestampMs).toBe(Date.UTC(2014, 1, 27, 14));
    for (const bad of ['2014-02-27T14:00:00', '2014-02-30T14:00:00Z', '2014-02-27T25:00:00Z', 'yesterday', '1393509600']) expect(parseIsoTimestamp(bad)).toBeNull();
  });

  it('writes timestamps back in the style they came in', () => {
    const ms = Date.UTC(2014, 1, 27, 14);
    expect(formatIsoTimestamp(ms)).toBe('2014-02-27T14:00:00Z');
    expect(formatIsoTimestamp(ms, parseIsoTimestamp('2014-01-01 00:00Z')!.style)).toBe('2014-02-27 14:00Z');
  });

  it('lays rows on an hourly grid per series, in any row order, with gaps as NaN', async () => {
    const path = writeCsv([
      'series,timestamp,value',
      'b,2014-02-27T16:00:00Z,3',
      'a,2014-02-27T14:00:00Z,1',
      'b,2014-02-27T14:00:00Z,',
      'a,2014-02-27T17:00:00Z,4',
      'a,2014-02-27T18:00:00Z,5',
      'a,2014-02-27T19:00:00Z,6',
      'b,2014-02-27T15:00:00Z,NaN',
    ].join('\n'));
    const [b, a] = await readForecastInput(path);
    expect(b.name).toBe('b');
    expect(a.series.startMs).toBe(Date.UTC(2014, 1, 27, 14));
    expect(a.series.stepSeconds).toBe(3600);
    expect([...a.series.values]).toEqual([1, NaN, NaN, 4, 5, 6]);
    expect([...b.series.values]).toEqual([NaN, NaN, 3]);
  });

  it('names the file and line of a bad row or a duplicate', async () => {
    const path = writeCsv('series,timestamp,value\na,2014-02-27T14:00:00Z,1\na,2014-02-27T14:00:00Z,2\n');
    await expect(readForecastInput(path)).rejects.toThrow(`${path} line 3: series "a" already has a value at 2014-02-27T14:00:00Z (line 2)`);
    const short = writeCsv('series,timestamp,value\na,2014-02-27T14:00:00Z\n');
    await expect(readForecastInput(short)).rejects.toThrow(InputError);
    await expect(readForecastInput(short)).rejects.toThrow('line 2: expected 3 columns');
  });

  it('quotes series names with commas and writes numbers without float noise', () => {
    const forecast = { startMs: 0, stepSeconds: 3600, mean: Float64Array.of(0.1 + 0.2), intervals: [{ level: 80, lower: Float64Array.of(0), upper: Float64Array.of(1 / 3) }], method: 'x' };
    const csv = formatForecastCsv([{ name: 'db, "primary"', forecast, style: parseIsoTimestamp('2014-01-01T00:00:00Z')!.style }], [80]);
    expect(csv).toBe('series,timestamp,mean,lo80,hi80\n"db, ""primary""",1970-01-01T00:00:00Z,0.3,0,0.3333333333\n');
    expect(formatNumber(1e21)).toBe('1e+21');
  });
});
