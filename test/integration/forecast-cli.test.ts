import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** An input CSV: two hourly series with daily cycles, one with gaps and rows out of order. */
function writeInput(dir: string): string {
  const lines = ['series,timestamp,value'];
  const start = Date.UTC(2014, 1, 14, 15);
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  for (let t = 0; t < 14 * 24; t++) lines.push(`web-cpu,${iso(start + t * 3_600_000)},${(50 + 10 * Math.sin((2 * Math.PI * t) / 24)).toFixed(4)}`);
  const other: string[] = [];
  for (let t = 0; t < 10 * 24; t++) {
    if (t % 17 === 5) continue; // a missing row
    other.push(`"db, primary",${iso(start + 7_200_000 + t * 3_600_000)},${t % 23 === 0 ? '' : (200 + t * 0.1).toFixed(2)}`);
  }
  lines.push(...other.reverse());
  const path = join(dir, 'in.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('headroom forecast (the CSV contract)', () => {
  let dir: string;
  let input: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'headroom-forecast-'));
    input = writeInput(dir);
  });

  it('writes exactly N rows per series for the N hours after each series\' last timestamp', async () => {
    const output = join(dir, 'out.csv');
    const chart = join(dir, 'charts', 'forecast.html');
    const r = await runCli(['forecast', '--input', input, '--horizon', '48', '--levels', '80,95', '--output', output, '--chart', chart]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('series,timestamp,mean,lo80,hi80,lo95,hi95');
    const rows = lines.slice(1).map((l) => l.match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)!.map((c) => c.replace(/,$/, '')));
    const web = rows.filter((c) => c[0] === 'web-cpu');
    const db = rows.filter((c) => c[0] === '"db, primary"');
    expect(web).toHaveLength(48);
    expect(db).toHaveLength(48);
    expect(web[0][1]).toBe('2014-02-28T15:00:00Z');
    expect(web[47][1]).toBe('2014-03-02T14:00:00Z');
    expect(db[0][1]).toBe('2014-02-24T17:00:00Z');
    for (const c of rows) {
      const [mean, lo80, hi80, lo95, hi95] = c.slice(2).map(Number);
      expect([mean, lo80, hi80, lo95, hi95].every(Number.isFinite)).toBe(true);
      expect(lo95).toBeLessThanOrEqual(lo80);
      expect(lo80).toBeLessThanOrEqual(mean);
      expect(mean).toBeLessThanOrEqual(hi80);
      expect(hi80).toBeLessThanOrEqual(hi95);
    }
    // a chart per series, rendered to inline SVG
    const html = readFileSync(chart, 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<h2>db, primary</h2>');
    // the daily cycle continues: 24 h after the last input, the same phase as 24 h before it
    expect(Number(web[23][2])).toBeCloseTo(50 + 10 * Math.sin((2 * Math.PI * (14 * 24 + 23)) / 24), 0);
  });

  it('names the columns after the levels asked for', async () => {
    const r = await runCli(['forecast', '--input', input, '--horizon', '2', '--levels', '50,99', '--method', 'seasonal-naive']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('series,timestamp,mean,lo50,hi50,lo99,hi99');
    expect(lines).toHaveLength(1 + 2 * 2);
  });

  it('--format json and table carry the CSV\'s points; json adds each series\' method', async () => {
    const args = ['forecast', '--input', input, '--horizon', '2', '--levels', '50,99', '--method', 'seasonal-naive'];
    const csv = (await runCli(args)).stdout.trimEnd().split('\n').slice(1);
    const json = await runCli([...args, '--format', 'json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { levels: number[]; horizon: number; forecasts: { series: string; method: string; points: Record<string, number | string>[] }[] };
    expect([doc.levels, doc.horizon]).toEqual([[50, 99], 2]);
    // the method that produced each series, as the engine reports it (the gappy one falls back to naive)
    expect(doc.forecasts.map((f) => [f.series, f.method])).toEqual([['web-cpu', 'seasonal-naive(24)'], ['db, primary', 'naive']]);
    const fromJson = doc.forecasts.flatMap((f) => f.points.map((p) => [f.series.includes(',') ? `"${f.series}"` : f.series, p.timestamp, p.mean, p.lo50, p.hi50, p.lo99, p.hi99].join(',')));
    expect(fromJson.sort()).toEqual([...csv].sort());
    const table = await runCli([...args, '--format', 'table']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/\nseries\s+timestamp\s+mean\s+low 50 %\s+high 50 %\s+low 99 %\s+high 99 %\n/);
    expect(table.stdout.split('\n').filter((l) => /^(web-cpu|db, primary)\s/.test(l))).toHaveLength(4);
  });

  it('rejects a bad timestamp with exit code 2 and the line number, writing nothing', async () => {
    const bad = join(dir, 'bad.csv');
    const lines = readFileSync(input, 'utf8').split('\n');
    lines[16] = 'web-cpu,yesterday,3';
    writeFileSync(bad, lines.join('\n'));
    const output = join(dir, 'never.csv');
    const r = await runCli(['forecast', '--input', bad, '--horizon', '5', '--output', output]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad} line 17: timestamp "yesterday" is not ISO-8601`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects a non-numeric value, a bad header, a bad flag and a missing file, each naming the input', async () => {
    const bad = join(dir, 'bad-value.csv');
    writeFileSync(bad, 'series,timestamp,value\na,2014-02-14T15:00:00Z,1\na,2014-02-14T16:00:00Z,lots\n');
    const badHeader = join(dir, 'bad-header.csv');
    writeFileSync(badHeader, 'series,time,value\n');
    const results = await Promise.all([
      runCli(['forecast', '--input', bad, '--horizon', '5']),
      runCli(['forecast', '--input', badHeader, '--horizon', '5']),
      runCli(['forecast', '--input', input, '--horizon', 'soon']),
      runCli(['forecast', '--input', join(dir, 'missing.csv'), '--horizon', '5']),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(results[0].stderr).toContain('line 3: value "lots" is not a number');
    expect(results[1].stderr).toContain('line 1: header "series,time,value"');
    expect(results[2].stderr).toContain('--horizon soon');
    expect(results[3].stderr).toContain('missing.csv: file not found');
  });

  it('shows an example in --help', async () => {
    const r = await runCli(['forecast', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$ headroom forecast --input usage.csv --horizon 168');
  });
});

describe('headroom backtest', () => {
  it('scores every method against a held-out test CSV and by rolling origins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-backtest-'));
    const start = Date.UTC(2014, 1, 14, 0);
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    // a daily cycle plus a small deterministic wobble (so the seasonal-naive scale is not zero)
    const value = (t: number) => (100 + 30 * Math.sin((2 * Math.PI * t) / 24) + Math.sin(t * 1.7)).toFixed(3);
    const train = ['series,timestamp,value'];
    const test = ['series,timestamp,value'];
    for (let t = 0; t < 10 * 24; t++) train.push(`s,${iso(start + t * 3_600_000)},${value(t)}`);
    for (let t = 10 * 24; t < 11 * 24; t++) test.push(`s,${iso(start + t * 3_600_000)},${value(t)}`);
    writeFileSync(join(dir, 'train.csv'), train.join('\n'));
    writeFileSync(join(dir, 'test.csv'), test.join('\n'));
    const held = await runCli(['backtest', '--input', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), '--format', 'json']);
    expect(held.code).toBe(0);
    const rows = JSON.parse(held.stdout) as { method: string; mase: number; coverage: Record<string, number>; seriesScored: number }[];
    expect(rows.map((r) => r.method).sort()).toEqual(['auto', 'comb', 'ets', 'm4-ets', 'm4-theta', 'mstl', 'naive2', 'seasonal-naive', 'theta']);
    for (const row of rows) {
      expect(row.seriesScored).toBe(1);
      // the wobble is the only unpredictable part: well under the seasonal-naive scale
      expect(row.mase).toBeLessThan(1);
    }
    const rolling = await runCli(['backtest', '--input', join(dir, 'train.csv'), '--horizon', '24', '--methods', 'auto,theta']);
    expect(rolling.code).toBe(0);
    expect(rolling.stdout).toMatch(/^method\s+MASE\s+sMAPE %\s+coverage 80 %\s+coverage 95 %\s+MSIS 80 %\s+MSIS 95 %\s+peak error/);
    expect(rolling.stdout).toMatch(/\nauto\s+0\.\d{3}\s/);
    // The same scores as CSV, written to a file.
    const scores = join(dir, 'scores.csv');
    const csv = await runCli(['backtest', '--input', join(dir, 'train.csv'), '--horizon', '24', '--methods', 'auto,theta', '--format', 'csv', '--output', scores]);
    expect(csv.code).toBe(0);
    const lines = readFileSync(scores, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('method,mase,smape_percent,coverage80,coverage95,msis80,msis95,peak_error_ratio,series_scored,seconds');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['auto', 'theta']);
    expect(Number(lines[1]!.split(',')[1])).toBeLessThan(1);
  });
});
