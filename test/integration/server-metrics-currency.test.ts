/**
 * /metrics of a store whose bill mixes EUR and USD (an EUR account beside a USD one), through the
 * real fastify server and a real DuckDB store: each currency keeps its own daily cost on
 * `headroom_daily_cost{currency}`, and the USD gauges are whole or absent — lines in EUR count at
 * billing.fx's rate, and without a rate a series that has EUR lines is left out, never reported
 * from its USD lines alone. Expected values are summed here from the lines below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Store } from '../../src/store/index.js';
import { buildServer, HeadroomMetrics } from '../../src/server/index.js';
import { JobRegistry, Scheduler } from '../../src/app/scheduler.js';
import { createLogger, silentLogger } from '../../src/util/logger.js';
import { insertRun } from '../../src/store/run-repo.js';
import { parseExposition, type Sample } from '../helpers/exposition.js';

const DAY_MS = 86_400_000;
/** The last complete day with billing: 2026-11-15. */
const dayMs = Date.UTC(2026, 10, 15);
const nowMs = () => dayMs + DAY_MS + 6 * 3600_000;
const eurRate = 1.08;

/** [service, namespace, currency, effective, list, pricing category, commitment id, instance type]. */
const lines: [string, string, string, number, number, string, string, string][] = [
  ['AmazonEC2', 'shop', 'USD', 120, 144, 'Standard', '', 'm5.xlarge'],
  ['AmazonEC2', 'search', 'EUR', 50, 60, 'Committed', 'ri-eu', 'm5.xlarge'],
  ['AmazonEBS', 'batch', 'USD', 10, 12, 'Standard', '', ''],
  ['AmazonEC2', '', 'EUR', 4, 0, 'Committed', 'ri-eu', ''],
];

let store: Store;

beforeAll(async () => {
  store = await Store.open(':memory:');
  await store.transaction((tx) => tx.insertRows('cost_line_items', ['import_id', 'period_start', 'period_end', 'provider', 'service', 'region', 'instance_type', 'namespace', 'resource_id', 'billed_cost_usd', 'effective_cost_usd', 'list_cost_usd', 'usage_quantity', 'usage_unit', 'pricing_category', 'commitment_discount_id', 'source', 'currency'],
    lines.map(([service, namespace, currency, effective, list, category, commitment, instanceType]) => [
      `focus-${currency}`, new Date(dayMs), new Date(dayMs + DAY_MS), 'aws', service, 'eu-west-1', instanceType, namespace, '', effective, effective, list, instanceType && list ? 24 : 0, 'Hrs', category, commitment, 'focus', currency])));
});

afterAll(async () => {
  await store.close();
});

/** The samples of `name` as `labels → value`, labels sorted and joined. */
function seriesOf(samples: Sample[], name: string): Record<string, number> {
  return Object.fromEntries(samples.filter((s) => s.name === name).map((s) => [Object.entries(s.labels).sort().map(([k, v]) => `${k}=${v}`).join(','), s.value]));
}

/** A real server over the store, with these /metrics options; scrapes it `times` times. */
async function scrape(options: ConstructorParameters<typeof HeadroomMetrics>[2], times = 1): Promise<Sample[]> {
  const scheduler = new Scheduler({ store, registry: new JobRegistry(), schedules: {}, timezone: 'UTC', lockFile: '/nonexistent/headroom.lock', nowMs, logger: silentLogger() });
  const metrics = new HeadroomMetrics(store, nowMs, options);
  const { app } = await buildServer({ store, reportsDir: '/nonexistent', scheduler, token: null, logger: silentLogger(), nowMs, metrics }) as { app: FastifyInstance };
  try {
    let body = '';
    for (let i = 0; i < times; i++) {
      const res = await app.inject('/metrics');
      expect(res.statusCode).toBe(200);
      body = res.body;
    }
    return parseExposition(body);
  } finally {
    await app.close();
  }
}

describe('/metrics with a bill mixing EUR and USD', () => {
  it('exports each currency\'s own daily cost with a currency label, never summed across currencies', async () => {
    const s = await scrape({});
    expect(seriesOf(s, 'headroom_daily_cost')).toEqual({
      'currency=USD': 120 + 10,
      'currency=USD,service=AmazonEC2': 120,
      'currency=USD,service=AmazonEBS': 10,
      'currency=USD,namespace=shop': 120,
      'currency=USD,namespace=batch': 10,
      'currency=EUR': 50 + 4,
      'currency=EUR,service=AmazonEC2': 50 + 4,
      'currency=EUR,namespace=search': 50,
    });
  });

  it('leaves out, without a rate, every USD series that has EUR lines (the total too) instead of counting only the USD lines, and says once how to fix it', async () => {
    const logged: string[] = [];
    const logger = createLogger('warn', new Writable({ write(chunk: Buffer, _enc, done) { logged.push(chunk.toString()); done(); } }));
    const s = await scrape({ logger }, 2);
    // Only series whose every line is in USD: EBS, and the namespaces billed in USD alone.
    expect(seriesOf(s, 'headroom_daily_cost_usd')).toEqual({ 'service=AmazonEBS': 10, 'namespace=shop': 120, 'namespace=batch': 10 });
    // Coverage and utilisation are ratios of sums: EUR and USD list prices make none.
    expect(s.filter((x) => x.name.startsWith('headroom_commitment_'))).toEqual([]);
    const warnings = logged.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(warnings).toEqual([
      '/metrics: the bill of 2026-11-15 has lines in EUR and no rate into USD: headroom_daily_cost_usd leaves out the total and the services and namespaces with such lines (headroom_daily_cost{currency} has them); set billing.fx.EUR in the config to convert them',
    ]);
  });

  it('converts the EUR lines at the billing.fx rate into whole USD series, and the commitment ratios with them', async () => {
    const s = await scrape({ fx: { EUR: eurRate } });
    const usd = seriesOf(s, 'headroom_daily_cost_usd');
    expect(Object.keys(usd).sort()).toEqual(['', 'namespace=batch', 'namespace=search', 'namespace=shop', 'service=AmazonEBS', 'service=AmazonEC2']);
    expect(usd['']).toBeCloseTo(120 + 10 + (50 + 4) * eurRate, 9);
    expect(usd['service=AmazonEC2']).toBeCloseTo(120 + (50 + 4) * eurRate, 9);
    expect(usd['namespace=search']).toBeCloseTo(50 * eurRate, 9);
    expect(usd['namespace=shop']).toBe(120);
    // The per-currency series stay in their own money.
    expect(seriesOf(s, 'headroom_daily_cost')['currency=EUR']).toBe(54);
    const ratio = (name: string) => s.find((x) => x.name === name)?.value;
    // Instance usage at list price: 144 USD on demand, 60 EUR covered by ri-eu.
    expect(ratio('headroom_commitment_coverage_ratio')).toBeCloseTo((60 * eurRate) / (144 + 60 * eurRate), 12);
    // ri-eu cost the day: 50 EUR on covered usage + 4 EUR unused (the same currency: the rate cancels).
    expect(ratio('headroom_commitment_utilization_ratio')).toBeCloseTo(50 / 54, 12);
  });

  it('exports a bill in EUR alone under its currency, its forecast bound and commitment ratios, with no USD series unless a rate is set', async () => {
    const eurOnly = await Store.open(':memory:');
    try {
      await eurOnly.transaction((tx) => tx.insertRows('cost_line_items', ['import_id', 'period_start', 'period_end', 'provider', 'service', 'region', 'instance_type', 'namespace', 'resource_id', 'billed_cost_usd', 'effective_cost_usd', 'list_cost_usd', 'usage_quantity', 'usage_unit', 'pricing_category', 'commitment_discount_id', 'source', 'currency'],
        [['focus-eur', new Date(dayMs), new Date(dayMs + DAY_MS), 'aws', 'AmazonEC2', 'eu-west-1', 'm5.large', 'web', '', 30, 30, 40, 24, 'Hrs', 'Committed', 'ri-eu', 'focus', 'EUR'],
          ['focus-eur', new Date(dayMs), new Date(dayMs + DAY_MS), 'aws', 'AmazonEC2', 'eu-west-1', 'm5.large', 'web', '', 20, 20, 20, 24, 'Hrs', 'Standard', '', 'focus', 'EUR']]));
      // A capacity run on this bill forecast it in EUR, made the week before the day.
      await eurOnly.transaction(async (tx) => {
        await insertRun(tx, { runId: 'capacity-eur', kind: 'capacity', startedAtMs: dayMs - 7 * DAY_MS, finishedAtMs: dayMs - 7 * DAY_MS, status: 'succeeded', trigger: 'manual', detail: { cost: { currency: 'EUR' } } });
        await tx.insertRows('forecasts', ['run_id', 'series', 'ts', 'model', 'mean', 'lo80', 'hi80', 'lo95', 'hi95'],
          [['capacity-eur', 'cost/total:daily_usd', new Date(dayMs), 'fixture', 40, 35, 44, 32, 46],
            ['capacity-eur', 'cost/namespace=web:daily_usd', new Date(dayMs), 'fixture', 40, 35, 44, 32, 47]]);
      });
      const m = new HeadroomMetrics(eurOnly, nowMs);
      const s = parseExposition(await m.registry.metrics());
      expect(seriesOf(s, 'headroom_daily_cost')).toEqual({ 'currency=EUR': 50, 'currency=EUR,service=AmazonEC2': 50, 'currency=EUR,namespace=web': 50 });
      expect(seriesOf(s, 'headroom_daily_cost_usd')).toEqual({});
      expect(seriesOf(s, 'headroom_commitment_coverage_ratio')).toEqual({ '': 40 / 60 });
      // The bound in its own currency, beside the cost it bounds (the anomaly alert compares these two); no USD bound without a rate.
      expect(seriesOf(s, 'headroom_daily_cost_forecast_upper')).toEqual({ 'currency=EUR': 46, 'currency=EUR,namespace=web': 47 });
      expect(seriesOf(s, 'headroom_daily_cost_forecast_upper_usd')).toEqual({});
      const converted = parseExposition(await new HeadroomMetrics(eurOnly, nowMs, { fx: { EUR: eurRate } }).registry.metrics());
      expect(seriesOf(converted, 'headroom_daily_cost_usd')['']).toBeCloseTo(50 * eurRate, 9);
      // With a rate, the USD bound too, at the same rate as the cost.
      const upperUsd = seriesOf(converted, 'headroom_daily_cost_forecast_upper_usd');
      expect(Object.keys(upperUsd).sort()).toEqual(['', 'namespace=web']);
      expect(upperUsd['']).toBeCloseTo(46 * eurRate, 9);
      expect(upperUsd['namespace=web']).toBeCloseTo(47 * eurRate, 9);
      expect(seriesOf(converted, 'headroom_daily_cost_forecast_upper')).toEqual({ 'currency=EUR': 46, 'currency=EUR,namespace=web': 47 });
    } finally {
      await eurOnly.close();
    }
  });
});
