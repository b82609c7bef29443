/**
 * End to end: `headroom demo` writes the weekly report; headless Chromium (Debian `chromium`
 * through playwright-core) opens it with JavaScript off, every chart must have drawn data marks,
 * and the headline numbers on the page must match report.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runDemo, type DemoStageResult } from '../../src/app/demo.js';
import { validateConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { noProgress } from '../../src/util/progress.js';
import { formatDays, formatPercent, formatSignedUsd, formatUsd } from '../../src/reports/messages.js';
import { launchChromium, type WeeklyReport } from '../../src/reports/index.js';

let out: string;
let results: DemoStageResult[];
let reportDir: string;
let report: WeeklyReport;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'headroom-e2e-'));
  results = await runDemo({ outDir: out, config: validateConfig({}), logger: silentLogger(), progress: noProgress });
  reportDir = join(out, 'reports', '2026-W46');
  report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as WeeklyReport;
}, 600_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

/** The value at a dotted path of report.json (`summary.nearestExhaustion.0.daysToExhaustion`). */
function at(path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o === null || o === undefined ? undefined : (o as Record<string, unknown>)[k]), report);
}

describe('the demo\'s weekly report in headless Chromium', () => {
  it('is the demo\'s last stage and its summary prints the report path', () => {
    const last = results.at(-1)!;
    expect(last.stage).toBe('report');
    expect(last.ok).toBe(true);
    expect(last.summary).toContain(join(reportDir, 'report.html'));
    expect(last.outputs.map((o) => o.label)).toContain('weekly report (HTML)');
  });

  it('has every section, each from the stage that produced it', () => {
    const statuses = Object.fromEntries((['capacity', 'cost', 'rightsizing', 'commitments', 'alerts', 'accountability'] as const).map((s) => [s, report[s].status]));
    expect(statuses).toEqual({ capacity: 'ok', cost: 'ok', rightsizing: 'ok', commitments: 'ok', alerts: 'ok', accountability: 'ok' });
    expect(report.accountability.rows.length).toBeGreaterThanOrEqual(2);
    // Per-namespace and per-service forecasts are held to account as well as the total.
    expect(report.accountability.breakdown.map((b) => b.dimension)).toEqual(expect.arrayContaining(['namespace', 'service']));
    expect(report.cost.forecast13Weeks?.points).toHaveLength(13);
    expect(report.cost.forecast12Months?.points).toHaveLength(12);
    expect(report.rightsizing.top.length).toBeGreaterThan(0);
    expect(report.alerts.alertRules.length).toBeGreaterThan(0);
    expect(report.alerts.slos.length).toBeGreaterThan(0);
    // Offline, the SLO budgets come from the embedded sample's SLI events, and the report says so.
    expect(report.alerts.dataSource?.kind).toBe('sample');
    expect(report.alerts.slos.every((s) => s.budgetRemainingRatio !== null)).toBe(true);
    expect(report.alerts.firedAlerts?.length).toBeGreaterThan(0);
  });

  it('draws every chart with data marks, matches report.json in its headline numbers, and prints to PDF', async () => {
    // JavaScript off: the page must read (and draw) without it.
    const browser = await launchChromium(undefined, { javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 1100, height: 1400 });
      await page.goto(pathToFileURL(join(reportDir, 'report.html')).href, { waitUntil: 'load' });
      const shot = join(out, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect((await stat(shot)).size).toBeGreaterThan(50_000);

      const charts = await page.$$eval('figure.chart', (figs) => figs.map((f) => {
        const svg = f.querySelector('svg');
        const marks = svg ? [...svg.querySelectorAll('g.role-mark')] : [];
        const box = svg?.getBoundingClientRect();
        return {
          id: f.id,
          // Data marks: shapes inside vega's mark groups (axes, legends and titles have other roles).
          dataShapes: marks.reduce((n, g) => n + g.querySelectorAll('path, line, rect, circle').length, 0),
          widthPx: box?.width ?? 0,
          heightPx: box?.height ?? 0,
        };
      }));
      const expected = ['chart-capacity', 'chart-daily-cost', 'chart-forecast-13w', 'chart-forecast-12m', ...(report.costByTeam.teams.length ? ['chart-cost-by-team'] : []), ...(report.rightsizing.top.length ? ['chart-rightsizing'] : []), ...(report.commitments.recommendations.length ? ['chart-commitments'] : []), 'chart-slo-budgets', 'chart-accountability', 'chart-accountability-breakdown'];
      expect(charts.map((c) => c.id)).toEqual(expected);
      for (const c of charts) {
        expect(c.dataShapes, c.id).toBeGreaterThan(0);
        expect(c.widthPx, c.id).toBeGreaterThan(200);
        expect(c.heightPx, c.id).toBeGreaterThan(100);
      }
      // The daily chart has one bar per day of the 12 weeks the demo has data for.
      expect(charts.find((c) => c.id === 'chart-daily-cost')!.dataShapes).toBe(report.cost.daily.length);

      const headlines = await page.$$eval('[data-headline]', (els) => els.map((e) => ({ path: e.getAttribute('data-headline')!, text: e.textContent!.trim() })));
      expect(headlines.length).toBeGreaterThanOrEqual(7);
      for (const h of headlines) {
        const raw = at(h.path);
        const value = raw as number | null;
        // A sentence headline (the allocation's reconciliation line) is shown as report.json has it.
        const expectedText = typeof raw === 'string' ? raw : h.path.endsWith('changeUsd') ? formatSignedUsd(value) : h.path.endsWith('Usd') ? formatUsd(value ?? null)
          : h.path.endsWith('daysToExhaustion') ? formatDays(value) : h.path.endsWith('daysToExhaustionLower') ? `in ${formatDays(value)}`
            : h.path.endsWith('Ratio') ? formatPercent(value) : null;
        expect(expectedText, `no check for headline ${h.path}`).not.toBeNull();
        expect(h.text, h.path).toBe(expectedText);
      }
      expect(headlines.find((h) => h.path === 'summary.spend.lastWeekUsd')!.text).toBe(formatUsd(report.summary.spend.lastWeekUsd));
      expect(report.summary.spend.lastWeekUsd).toBeGreaterThan(0);

      // Printable: the print stylesheet hides navigation.
      await page.emulateMedia({ media: 'print' });
      expect(await page.$eval('nav', (n) => n.ownerDocument.defaultView!.getComputedStyle(n).display)).toBe('none');
    } finally {
      await browser.close();
    }
    const pdf = await readFile(join(reportDir, 'report.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
