import { describe, expect, it } from 'vitest';
import {
  commitmentMessages, deriveBilledCommitments, planCommitments, readCurCommitmentLines, readFocusCommitmentLines, toExistingCommitments, type BillRow,
} from '../../../src/models/commitments/index.js';
import { forecast } from '../../../src/models/forecast/index.js';
import { loadPriceList } from '../../../src/pricing/index.js';
import type { InstanceUsageHour } from '../../../src/domain/index.js';
import { commitmentFormatters } from '../../../src/app/commitment-formats.js';

const ms = (iso: string) => Date.parse(iso);
const asOfMs = ms('2026-11-22T00:00:00Z');

const riArn = (region: string, id: string) => `arn:aws:ec2:${region}:123456789012:reserved-instances/${id}`;
const spArn = (id: string) => `arn:aws:savingsplans::123456789012:savingsplan/${id}`;

/** CUR 2.0 rows as an export has them (text cells), hand-checked. */
const curRows: BillRow[] = [
  // RI "three": October held 2 reservations (744 h), November holds 3 (720 h × 3 = 2,160 reserved hours).
  { line_item_line_item_type: 'RIFee', line_item_usage_start_date: '2026-10-01T00:00:00Z', line_item_usage_end_date: '2026-11-01T00:00:00Z', line_item_usage_amount: '1488',
    reservation_reservation_a_r_n: riArn('us-east-1', 'three'), reservation_number_of_reservations: '2', product_instance_type: 'm5.large', product_region_code: 'us-east-1',
    line_item_usage_type: 'USE1-HeavyUsage:m5.large', reservation_end_time: '2027-06-15T00:00:00.000Z' },
  { line_item_line_item_type: 'RIFee', line_item_usage_start_date: '2026-11-01T00:00:00Z', line_item_usage_end_date: '2026-12-01T00:00:00Z', line_item_usage_amount: '2160',
    reservation_reservation_a_r_n: riArn('us-east-1', 'three'), reservation_number_of_reservations: '3', product_instance_type: 'm5.large', product_region_code: 'us-east-1',
    line_item_usage_type: 'USE1-HeavyUsage:m5.large', reservation_end_time: '2027-06-15T00:00:00.000Z' },
  { line_item_line_item_type: 'DiscountedUsage', line_item_usage_start_date: '2026-11-21T10:00:00Z', line_item_usage_end_date: '2026-11-21T11:00:00Z', line_item_usage_amount: '1',
    reservation_reservation_a_r_n: riArn('us-east-1', 'three'), product_instance_type: 'm5.large', product_region_code: 'us-east-1', reservation_end_time: '2027-06-15T00:00:00.000Z' },
  // RI "two": no number_of_reservations column value, no product_instance_type: 48 reserved hours in a 24-hour line = 2;
  // the type comes from the usage type, the region from the ARN.
  { line_item_line_item_type: 'RIFee', line_item_usage_start_date: '2026-11-21T00:00:00Z', line_item_usage_end_date: '2026-11-22T00:00:00Z', line_item_usage_amount: '48',
    reservation_reservation_a_r_n: riArn('eu-west-1', 'two'), line_item_usage_type: 'EU-HeavyUsage:c5.xlarge', reservation_end_time: '2028-01-01T00:00:00Z' },
  // RI "old": expired two days before the plan time.
  { line_item_line_item_type: 'RIFee', line_item_usage_start_date: '2026-11-01T00:00:00Z', line_item_usage_end_date: '2026-12-01T00:00:00Z', line_item_usage_amount: '1440',
    reservation_reservation_a_r_n: riArn('us-east-1', 'old'), reservation_number_of_reservations: '2', product_instance_type: 'r5.large', product_region_code: 'us-east-1',
    reservation_end_time: '2026-11-20T00:00:00Z' },
  // Savings Plan "sp": hourly recurring fee lines, TotalCommitmentToDate $1.50 each hour.
  { line_item_line_item_type: 'SavingsPlanRecurringFee', line_item_usage_start_date: '2026-11-21T22:00:00Z', line_item_usage_end_date: '2026-11-21T23:00:00Z', line_item_usage_amount: '1',
    savings_plan_savings_plan_a_r_n: spArn('sp'), savings_plan_total_commitment_to_date: '1.5', line_item_unblended_cost: '1.5', savings_plan_end_time: '2027-11-01T00:00:00Z' },
  { line_item_line_item_type: 'SavingsPlanRecurringFee', line_item_usage_start_date: '2026-11-21T23:00:00Z', line_item_usage_end_date: '2026-11-22T00:00:00Z', line_item_usage_amount: '1',
    savings_plan_savings_plan_a_r_n: spArn('sp'), savings_plan_total_commitment_to_date: '1.5', line_item_unblended_cost: '1.5', savings_plan_end_time: '2027-11-01T00:00:00Z' },
  { line_item_line_item_type: 'SavingsPlanCoveredUsage', line_item_usage_start_date: '2026-11-21T23:00:00Z', line_item_usage_end_date: '2026-11-22T00:00:00Z', line_item_usage_amount: '1',
    savings_plan_savings_plan_a_r_n: spArn('sp'), product_instance_type: 'm5.xlarge', product_region_code: 'us-east-1', savings_plan_end_time: '2027-11-01T00:00:00Z' },
  // Lines that are not commitments are skipped.
  { line_item_line_item_type: 'Usage', line_item_usage_start_date: '2026-11-21T23:00:00Z', line_item_usage_end_date: '2026-11-22T00:00:00Z', line_item_usage_amount: '1', product_instance_type: 'm5.large' },
];

/** FOCUS 1.2 rows, hand-checked: the day 2026-11-21 (24 hours). */
const day = { ChargePeriodStart: '2026-11-21T00:00:00Z', ChargePeriodEnd: '2026-11-22T00:00:00Z' };
const focusRows: BillRow[] = [
  // The same Savings Plan as the CUR's, seen again: counted once, sized from the CUR.
  { ...day, CommitmentDiscountId: spArn('sp'), CommitmentDiscountType: 'Savings Plan', CommitmentDiscountCategory: 'Spend', CommitmentDiscountStatus: 'Used', ChargeCategory: 'Usage', EffectiveCost: '30', RegionId: 'us-east-1' },
  { ...day, CommitmentDiscountId: spArn('sp'), CommitmentDiscountType: 'Savings Plan', CommitmentDiscountCategory: 'Spend', CommitmentDiscountStatus: 'Unused', ChargeCategory: 'Usage', EffectiveCost: '6' },
  // A Savings Plan only FOCUS shows: used $20.40 + unused $3.60 over 24 hours = $1.00/h.
  { ...day, CommitmentDiscountId: spArn('focus-only'), CommitmentDiscountCategory: 'Spend', CommitmentDiscountStatus: 'Used', ChargeCategory: 'Usage', EffectiveCost: '20.4' },
  { ...day, CommitmentDiscountId: spArn('focus-only'), CommitmentDiscountCategory: 'Spend', CommitmentDiscountStatus: 'Unused', ChargeCategory: 'Usage', EffectiveCost: '3.6' },
  { ...day, CommitmentDiscountId: spArn('focus-only'), CommitmentDiscountCategory: 'Spend', ChargeCategory: 'Purchase', BilledCost: '24' },
  // An RI with CommitmentDiscountQuantity in hours: 40 used + 8 unused over 24 hours = 2 reservations.
  { ...day, CommitmentDiscountId: riArn('us-west-2', 'focus-ri'), CommitmentDiscountType: 'Reserved Instance', CommitmentDiscountCategory: 'Usage', CommitmentDiscountStatus: 'Used', ChargeCategory: 'Usage',
    CommitmentDiscountQuantity: '40', CommitmentDiscountUnit: 'Hours', ConsumedQuantity: '40', ConsumedUnit: 'Hrs', RegionId: 'us-west-2', SkuPriceDetails: '{"InstanceType":"r5.large"}', EffectiveCost: '4' },
  { ...day, CommitmentDiscountId: riArn('us-west-2', 'focus-ri'), CommitmentDiscountType: 'Reserved Instance', CommitmentDiscountCategory: 'Usage', CommitmentDiscountStatus: 'Unused', ChargeCategory: 'Usage',
    CommitmentDiscountQuantity: '8', CommitmentDiscountUnit: 'Hours', RegionId: 'us-west-2', EffectiveCost: '0.8' },
  // An RI without CommitmentDiscountQuantity: its count is not in the bill.
  { ...day, CommitmentDiscountId: riArn('us-west-2', 'no-quantity'), CommitmentDiscountType: 'Reserved Instance', CommitmentDiscountStatus: 'Used', ChargeCategory: 'Usage',
    ConsumedQuantity: '30', ConsumedUnit: 'Hrs', RegionId: 'us-west-2', SkuPriceDetails: '{"InstanceType":"m5.large"}', EffectiveCost: '2' },
  // An RI last on the bill on 2026-11-10: gone (sold or ended) although no expiry says so.
  { ChargePeriodStart: '2026-11-09T00:00:00Z', ChargePeriodEnd: '2026-11-10T00:00:00Z', CommitmentDiscountId: riArn('us-west-2', 'gone'), CommitmentDiscountType: 'Reserved Instance',
    CommitmentDiscountStatus: 'Used', ChargeCategory: 'Usage', CommitmentDiscountQuantity: '24', CommitmentDiscountUnit: 'Hours', RegionId: 'us-west-2', SkuPriceDetails: '{"InstanceType":"m5.large"}', EffectiveCost: '2' },
  // Rows without a commitment are skipped.
  { ...day, ChargeCategory: 'Usage', PricingCategory: 'Standard', EffectiveCost: '9' },
];

const lines = [...readCurCommitmentLines(curRows), ...readFocusCommitmentLines(focusRows)];
const billed = deriveBilledCommitments(lines, asOfMs);
const byId = new Map(billed.counted.map((c) => [c.id, c]));
const notCounted = new Map(billed.notCounted.map((c) => [c.id, c.reason]));

describe('commitments derived from CUR rows', () => {
  it('counts an RI as the reservations of its latest RIFee line, with its type, region and expiry', () => {
    expect(byId.get(riArn('us-east-1', 'three'))).toEqual({
      id: riArn('us-east-1', 'three'), kind: 'reserved-instance', region: 'us-east-1', instanceType: 'm5.large', count: 3, hourlyCommitmentUsd: 0,
      // The rows have no line_item_currency_code: USD, as the import takes such an export.
      currency: 'USD', expiresMs: ms('2027-06-15T00:00:00Z'), sources: ['cur'], lastSeenMs: ms('2026-12-01T00:00:00Z'),
    });
  });

  it('without reservation_number_of_reservations counts reserved hours over the line\'s hours, the type from the usage type and the region from the ARN', () => {
    const ri = byId.get(riArn('eu-west-1', 'two'))!;
    expect([ri.count, ri.instanceType, ri.region, ri.expiresMs]).toEqual([2, 'c5.xlarge', 'eu-west-1', ms('2028-01-01T00:00:00Z')]);
  });

  it('sizes a Savings Plan as TotalCommitmentToDate per hour of its recurring fee, with its expiry', () => {
    const sp = byId.get(spArn('sp'))!;
    expect([sp.kind, sp.hourlyCommitmentUsd, sp.count, sp.region, sp.expiresMs]).toEqual(['savings-plan', 1.5, 0, '', ms('2027-11-01T00:00:00Z')]);
  });

  it('drops a commitment that expired before the plan time, and counts it for a plan made before its expiry', () => {
    expect(byId.has(riArn('us-east-1', 'old'))).toBe(false);
    expect(notCounted.get(riArn('us-east-1', 'old'))).toBe(commitmentMessages.billedExpired(ms('2026-11-20T00:00:00Z')));
    const earlier = deriveBilledCommitments(lines, ms('2026-11-19T00:00:00Z'));
    expect(earlier.counted.find((c) => c.id === riArn('us-east-1', 'old'))?.count).toBe(2);
  });
});

describe('expiry times as exports and DuckDB write them', () => {
  it('reads ISO 8601 with Z or an offset, typed timestamps read as text, and bare dates, all as UTC', () => {
    const forms = ['2027-02-01T00:00:00.000Z', '2027-02-01T00:00:00Z', '2027-02-01T02:00:00+02:00', '2027-02-01 00:00:00', '2027-02-01 00:00:00+00', '2027-02-01'];
    const ends = forms.map((end) => readCurCommitmentLines([{ line_item_line_item_type: 'RIFee', reservation_reservation_a_r_n: riArn('us-east-1', 'x'),
      line_item_usage_start_date: '2026-11-01T00:00:00Z', line_item_usage_end_date: '2026-12-01T00:00:00Z', reservation_end_time: end }])[0]!.endMs);
    expect(ends).toEqual(forms.map(() => ms('2027-02-01T00:00:00Z')));
  });
});

describe('commitments derived from FOCUS rows', () => {
  it('counts a commitment seen in both CUR and FOCUS once, sized from the CUR', () => {
    expect(billed.counted.filter((c) => c.id === spArn('sp'))).toHaveLength(1);
    expect(byId.get(spArn('sp'))!.sources).toEqual(['cur', 'focus']);
    // FOCUS alone would say (30 + 6) / 24 = $1.50/h too; the CUR's figure is the one used.
    expect(deriveBilledCommitments(readFocusCommitmentLines(focusRows), asOfMs).counted.find((c) => c.id === spArn('sp'))!.hourlyCommitmentUsd).toBe(1.5);
  });

  it('sizes a Savings Plan as used + unused EffectiveCost per hour of the charge period, without an expiry', () => {
    const sp = byId.get(spArn('focus-only'))!;
    expect([sp.kind, sp.hourlyCommitmentUsd, sp.expiresMs, sp.sources]).toEqual(['savings-plan', 1, null, ['focus']]);
  });

  it('counts an RI as used + unused CommitmentDiscountQuantity hours over the charge period\'s hours', () => {
    const ri = byId.get(riArn('us-west-2', 'focus-ri'))!;
    expect([ri.count, ri.instanceType, ri.region, ri.expiresMs]).toEqual([2, 'r5.large', 'us-west-2', null]);
  });

  it('does not count an RI whose count the export does not carry, or one gone from the bill, and says why', () => {
    expect(notCounted.get(riArn('us-west-2', 'no-quantity'))).toBe(commitmentMessages.billedCountUnknown());
    expect(notCounted.get(riArn('us-west-2', 'gone'))).toBe(commitmentMessages.billedGone(ms('2026-11-10T00:00:00Z')));
    expect(billed.counted.map((c) => c.id).sort()).toEqual([riArn('eu-west-1', 'two'), riArn('us-east-1', 'three'), riArn('us-west-2', 'focus-ri'), spArn('focus-only'), spArn('sp')].sort());
  });
});

describe('the currency of billed commitments', () => {
  const spRows = (currency: string | undefined, column: 'line_item_currency_code' | 'BillingCurrency'): BillRow[] => (column === 'line_item_currency_code'
    ? curRows.filter((r) => r.savings_plan_savings_plan_a_r_n === spArn('sp')).map((r) => (currency === undefined ? r : { ...r, [column]: currency }))
    : focusRows.filter((r) => r.CommitmentDiscountId === spArn('focus-only')).map((r) => (currency === undefined ? r : { ...r, [column]: currency })));
  const derive = (rows: BillRow[], column: 'line_item_currency_code' | 'BillingCurrency') =>
    deriveBilledCommitments(column === 'BillingCurrency' ? readFocusCommitmentLines(rows) : readCurCommitmentLines(rows), asOfMs).counted[0]!;

  it('is the one the lines name: a Savings Plan billed in EUR states its hourly commitment in EUR, from CUR and FOCUS alike', () => {
    expect([derive(spRows('EUR', 'line_item_currency_code'), 'line_item_currency_code')].map((c) => [c.hourlyCommitmentUsd, c.currency])).toEqual([[1.5, 'EUR']]);
    expect([derive(spRows('EUR', 'BillingCurrency'), 'BillingCurrency')].map((c) => [c.hourlyCommitmentUsd, c.currency])).toEqual([[1, 'EUR']]);
  });

  it('is USD for an export without a currency column (as the import takes it), and unknown (null) for an empty cell or lines that disagree', () => {
    expect(derive(spRows(undefined, 'BillingCurrency'), 'BillingCurrency').currency).toBe('USD');
    expect(derive(spRows('', 'BillingCurrency'), 'BillingCurrency').currency).toBeNull();
    const mixed = spRows('EUR', 'BillingCurrency').map((r, i) => (i === 0 ? { ...r, BillingCurrency: 'USD' } : r));
    expect(derive(mixed, 'BillingCurrency').currency).toBeNull();
  });

  it('is said with the amount when it is not USD, and with the billed amount and rate when converted', () => {
    const sp = { kind: 'savings-plan', region: '', instanceType: '', count: 0, expiresMs: null };
    expect(commitmentMessages.billedCounted([{ ...sp, hourlyCommitmentUsd: 1, currency: 'EUR' }])).toBe('counted 1 existing commitment from the bill: Savings Plan 1.000 EUR/h (no expiry in the bill: counted for the whole term)');
    expect(commitmentMessages.billedCounted([{ ...sp, hourlyCommitmentUsd: 1.08, currency: 'USD', billed: { currency: 'EUR', hourly: 1, rate: 1.08 } }]))
      .toBe('counted 1 existing commitment from the bill: Savings Plan $1.080/h (billed 1.000 EUR/h at 1 EUR = 1.08 USD) (no expiry in the bill: counted for the whole term)');
  });
});

describe('billed commitments in a plan', () => {
  it('lasts until the end of the term when the bill carries no expiry', () => {
    const termEndMs = ms('2027-11-22T00:00:00Z');
    const existing = toExistingCommitments(billed.counted, termEndMs);
    expect(existing.find((e) => e.kind === 'savings-plan' && e.hourlyCommitmentUsd === 1)!.expiresMs).toBe(termEndMs);
    expect(existing.find((e) => e.instanceType === 'm5.large')).toEqual({ kind: 'reserved-instance', region: 'us-east-1', instanceType: 'm5.large', count: 3, hourlyCommitmentUsd: 0, expiresMs: ms('2027-06-15T00:00:00Z') });
  });

  it('says what it counted in one line', () => {
    expect(commitmentMessages.billedCounted(billed.counted.filter((c) => c.id === riArn('us-east-1', 'three') || c.id === spArn('focus-only'))))
      .toBe('counted 2 existing commitments from the bill: 3 × m5.large RI in us-east-1 until 2027-06-15; Savings Plan $1.000/h (no expiry in the bill: counted for the whole term)');
  });

  it('takes owned RIs out of usage that includes the hours they cover, and adds them back to on-demand-only usage', async () => {
    const prices = await loadPriceList();
    const startMs = ms('2026-10-23T00:00:00Z');
    const usage: InstanceUsageHour[] = Array.from({ length: 30 * 24 }, (_, h) => ({ timestampMs: startMs + h * 3_600_000, region: 'us-east-1', instanceType: 'm5.large', instances: 10 }));
    const existing = [{ kind: 'reserved-instance' as const, region: 'us-east-1', instanceType: 'm5.large', count: 4, hourlyCommitmentUsd: 0, expiresMs: ms('2028-01-01T00:00:00Z') }];
    const base = { usage, prices, term: '1y' as const, payment: 'no-upfront' as const, kinds: 'reserved-instance' as const, forecast };
    const count = (plan: ReturnType<typeof planCommitments>) => plan.recommendations.find((r) => r.kind === 'reserved-instance')?.count ?? 0;
    expect(count(planCommitments(base))).toBe(10);
    expect(count(planCommitments({ ...base, existing, usageIncludesExisting: true }))).toBe(6);
    expect(count(planCommitments({ ...base, existing }))).toBe(10);
  });

  it('takes an owned Savings Plan out of usage that includes what it covers, and says it counted it', async () => {
    const prices = await loadPriceList();
    const startMs = ms('2026-10-23T00:00:00Z');
    const usage: InstanceUsageHour[] = Array.from({ length: 30 * 24 }, (_, h) => ({ timestampMs: startMs + h * 3_600_000, region: 'us-east-1', instanceType: 'm5.large', instances: 10 }));
    const base = { usage, prices, term: '1y' as const, payment: 'no-upfront' as const, kinds: 'savings-plan' as const, forecast };
    const sp = (plan: ReturnType<typeof planCommitments>) => plan.recommendations.find((r) => r.kind === 'savings-plan')!;
    const without = sp(planCommitments(base));
    const owned = 0.2;
    const counted = sp(planCommitments({ ...base, usageIncludesExisting: true, existing: [{ kind: 'savings-plan', region: '', instanceType: '', count: 0, hourlyCommitmentUsd: owned, expiresMs: ms('2028-01-01T00:00:00Z') }] }));
    // Flat demand: the owned $/h comes off the commitment to buy, to the planner's $0.001 step.
    expect(counted.hourlyCommitmentUsd).toBeCloseTo(without.hourlyCommitmentUsd - owned, 2);
    expect(counted.reasons).toContain(commitmentMessages.existingSavingsPlans(owned, 'USD'));
    expect(counted.reasons).toContain('existing Savings Plans of $0.200/h are counted until they expire');
  });

  it('states a Savings Plan\'s amounts in the price list\'s currency, never as dollars', async () => {
    const prices = { ...(await loadPriceList()), currency: 'EUR' };
    const startMs = ms('2026-10-23T00:00:00Z');
    const usage: InstanceUsageHour[] = Array.from({ length: 30 * 24 }, (_, h) => ({ timestampMs: startMs + h * 3_600_000, region: 'us-east-1', instanceType: 'm5.large', instances: 10 }));
    const existing = [{ kind: 'savings-plan' as const, region: '', instanceType: '', count: 0, hourlyCommitmentUsd: 0.2, expiresMs: ms('2028-01-01T00:00:00Z') }];
    const plan = planCommitments({ usage, prices, term: '1y', payment: 'no-upfront', kinds: 'savings-plan', forecast, usageIncludesExisting: true, existing });
    expect(plan.currency).toBe('EUR');
    const reasons = plan.recommendations.find((r) => r.kind === 'savings-plan')!.reasons;
    expect(reasons).toContain('existing Savings Plans of 0.200 EUR/h are counted until they expire');
    expect(reasons.find((r) => r.startsWith('Compute Savings Plan'))).toMatch(/quantile of hourly SP-rate spend is [\d.]+ EUR\/h$/);
    expect(reasons.join(' ')).not.toContain('$');
    // The table `headroom commitments` prints: every amount in euros.
    const table = commitmentFormatters.table(plan);
    expect(table).toContain('commitment EUR/h');
    expect(table).toMatch(/ EUR\/h \(m5\)/);
    expect(table).toMatch(/Total: savings €[\d,]+\.\d\d\/month expected/);
    expect(table).not.toContain('$');
    // A usage too bursty for any commitment says why in EUR too.
    const bursty = usage.map((u, h) => ({ ...u, instances: h % 24 < 2 ? 40 : 0 }));
    const none = planCommitments({ usage: bursty, prices, term: '1y', payment: 'no-upfront', kinds: 'savings-plan', forecast });
    const skipped = none.notRecommended.find((n) => n.kind === 'savings-plan')!;
    expect(skipped.reason).toMatch(/ EUR\/h/);
    expect(skipped.reason).not.toContain('$');
  });
});
