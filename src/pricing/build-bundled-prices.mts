/**
 * Builds prices-2026-11.json, the bundled estimate. Run: `npx tsx src/pricing/build-bundled-prices.mts`.
 *
 * Why a formula: on-demand rates are the public us-east-1 Linux/shared-tenancy list prices per
 * `large` size (rates scale linearly with size within a family); other regions apply the
 * observed regional premium of the same family; RI and Compute Savings Plan rates apply the
 * typical discount of each term/payment. It is an estimate for planning, not a quote: use
 * `--pricing FILE` with your negotiated or current rates for decisions.
 */
import { writeFileSync } from 'node:fs';

const date = '2026-11-01';
// us-east-1 on-demand $/hour for `large`, vCPU and GiB per `large`.
const families: Record<string, { largeUsd: number; vcpu: number; memoryGiB: number; sizes: string[] }> = {
  m5: { largeUsd: 0.096, vcpu: 2, memoryGiB: 8, sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
  m6i: { largeUsd: 0.096, vcpu: 2, memoryGiB: 8, sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
  m7i: { largeUsd: 0.1008, vcpu: 2, memoryGiB: 8, sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
  c5: { largeUsd: 0.085, vcpu: 2, memoryGiB: 4, sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
  c6i: { largeUsd: 0.085, vcpu: 2, memoryGiB: 4, sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
  c7i: { largeUsd: 0.08925, vcpu: 2, memoryGiB: 4, sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
  r5: { largeUsd: 0.126, vcpu: 2, memoryGiB: 16, sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
  r6i: { largeUsd: 0.126, vcpu: 2, memoryGiB: 16, sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
  t3: { largeUsd: 0.0832, vcpu: 2, memoryGiB: 8, sizes: ['medium', 'large', 'xlarge', '2xlarge'] },
};
const sizeFactor: Record<string, number> = { medium: 0.5, large: 1, xlarge: 2, '2xlarge': 4, '4xlarge': 8 };
// t3.medium keeps 2 vCPU and half the memory of t3.large.
const shape = (family: string, size: string) => {
  const f = families[family]!;
  if (family === 't3') return { vcpu: size === 'medium' ? 2 : 2 * Math.max(1, sizeFactor[size]!), memoryGiB: 8 * sizeFactor[size]! };
  return { vcpu: f.vcpu * sizeFactor[size]!, memoryGiB: f.memoryGiB * sizeFactor[size]! };
};
const regions: Record<string, number> = { 'us-east-1': 1, 'us-west-2': 1, 'eu-west-1': 1.114, 'eu-central-1': 1.198, 'ap-southeast-1': 1.25 };
// Effective rate / on-demand, per term and payment (standard RIs; Compute Savings Plans).
const riRatio = { '1y': { 'no-upfront': 0.625, 'partial-upfront': 0.6, 'all-upfront': 0.588 }, '3y': { 'no-upfront': 0.43, 'partial-upfront': 0.41, 'all-upfront': 0.4 } } as const;
const spRatio = { '1y': { 'no-upfront': 0.72, 'partial-upfront': 0.69, 'all-upfront': 0.675 }, '3y': { 'no-upfront': 0.5, 'partial-upfront': 0.475, 'all-upfront': 0.46 } } as const;
const termHours = { '1y': 8760, '3y': 26280 } as const;
const round = (x: number, digits: number) => Number(x.toFixed(digits));

const instances = [];
for (const [region, premium] of Object.entries(regions)) {
  for (const [family, f] of Object.entries(families)) {
    for (const size of f.sizes) {
      const od = round(f.largeUsd * sizeFactor[size]! * premium, 4);
      const reserved = [];
      const savingsPlans = [];
      for (const term of ['1y', '3y'] as const) {
        for (const payment of ['no-upfront', 'partial-upfront', 'all-upfront'] as const) {
          const effective = od * riRatio[term][payment];
          // Partial upfront: about half paid at purchase; all upfront: all of it, no hourly fee.
          const upfrontShare = payment === 'no-upfront' ? 0 : payment === 'partial-upfront' ? 0.5 : 1;
          const upfrontUsd = Math.round(effective * termHours[term] * upfrontShare);
          const hourlyUsd = payment === 'all-upfront' ? 0 : round(effective - upfrontUsd / termHours[term], 4);
          reserved.push({ term, payment, upfrontUsd, hourlyUsd: Math.max(0, hourlyUsd) });
          savingsPlans.push({ term, payment, hourlyRateUsd: round(od * spRatio[term][payment], 4) });
        }
      }
      instances.push({ region, instanceType: `${family}.${size}`, ...shape(family, size), onDemandHourlyUsd: od, reserved, savingsPlans });
    }
  }
}
const list = {
  currency: 'USD',
  date,
  label: `bundled estimate of AWS EC2 list prices, ${date} (Linux, shared tenancy, standard RIs, Compute Savings Plans) — use --pricing for decisions`,
  instances,
};
// One instance per line: small diffs when rates change, still plain JSON.
const text = `{\n "currency": ${JSON.stringify(list.currency)},\n "date": ${JSON.stringify(list.date)},\n "label": ${JSON.stringify(list.label)},\n "instances": [\n${instances.map((i) => `  ${JSON.stringify(i)}`).join(',\n')}\n ]\n}\n`;
writeFileSync(new URL('./prices-2026-11.json', import.meta.url), text);
console.log(`wrote ${instances.length} instance prices`);
