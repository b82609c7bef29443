import { describe, expect, it } from 'vitest';
import { findInstancePrice, findInstanceShape, loadPriceList, parsePriceList } from '../../../src/pricing/index.js';
import { commitmentPayments, commitmentTerms, HeadroomError } from '../../../src/domain/index.js';

describe('the bundled price list', () => {
  it('is dated, labelled as an estimate, and prices common families in the major regions', async () => {
    const list = await loadPriceList();
    expect(list.date).toBe('2026-11-01');
    expect(list.label).toMatch(/estimate/);
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1']) {
      for (const type of ['m5.large', 'm6i.4xlarge', 'c5.xlarge', 'c6i.2xlarge', 'r5.large', 'r6i.xlarge', 't3.large']) {
        const price = findInstancePrice(list, region, type)!;
        expect(price, `${region}/${type}`).toBeDefined();
        for (const term of commitmentTerms) {
          for (const payment of commitmentPayments) {
            const ri = price.reserved.find((r) => r.term === term && r.payment === payment)!;
            const effective = ri.upfrontUsd / (term === '1y' ? 8760 : 26280) + ri.hourlyUsd;
            // Every commitment rate is below on demand.
            expect(effective).toBeLessThan(price.onDemandHourlyUsd);
            expect(price.savingsPlans.find((s) => s.term === term && s.payment === payment)!.hourlyRateUsd).toBeLessThan(price.onDemandHourlyUsd);
          }
        }
      }
    }
    expect(findInstancePrice(list, 'us-east-1', 'm5.large')!.onDemandHourlyUsd).toBe(0.096);
    expect(findInstanceShape(list, 'r5.2xlarge')).toEqual({ vcpu: 8, memoryGiB: 64 });
    expect(findInstanceShape(list, 'x9.huge')).toBeNull();
  });

  it('rejects duplicate entries and lists schema problems with their paths', () => {
    const entry = { region: 'us-east-1', instanceType: 'm5.large', onDemandHourlyUsd: 0.1, reserved: [] };
    expect(() => parsePriceList({ currency: 'USD', instances: [entry, entry] }, 'p.json')).toThrow('price list p.json: duplicate entries for us-east-1/m5.large');
    try {
      parsePriceList({ currency: 'USD', instances: [{ ...entry, onDemandHourlyUsd: 'cheap', reserved: [{ term: '1y', payment: 'monthly', upfrontUsd: 0, hourlyUsd: 0.05 }] }] }, 'p.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HeadroomError);
      expect((err as HeadroomError).message).toBe('price list p.json: instances.0.onDemandHourlyUsd: expected a number of dollars; instances.0.reserved.0.payment: expected one of no-upfront, partial-upfront, all-upfront');
    }
  });
});
