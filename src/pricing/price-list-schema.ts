/** The `--pricing FILE` format (DESIGN.md), validated with zod; the bundled list uses the same shape. */
import { z } from 'zod';
import { commitmentPayments, commitmentTerms } from '../domain/commitment.js';

const money = z.number({ error: 'expected a number of dollars' }).nonnegative({ error: 'expected ≥ 0' });
const term = z.enum(commitmentTerms as [string, ...string[]], { error: `expected one of ${commitmentTerms.join(', ')}` });
const payment = z.enum(commitmentPayments as [string, ...string[]], { error: `expected one of ${commitmentPayments.join(', ')}` });

export const priceListFileSchema = z.strictObject({
  currency: z.string({ error: 'expected a currency code such as USD' }).regex(/^[A-Z]{3}$/, { error: 'expected a 3-letter currency code such as USD' }),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected YYYY-MM-DD' }).optional(),
  label: z.string().optional(),
  instances: z.array(z.strictObject({
    region: z.string({ error: 'expected a region such as us-east-1' }).min(1),
    instanceType: z.string({ error: 'expected an instance type such as m5.large' }).regex(/^[a-z0-9-]+\.[a-z0-9]+$/, { error: 'expected an instance type such as m5.large' }),
    onDemandHourlyUsd: money,
    vcpu: z.number().positive().optional(),
    memoryGiB: z.number().positive().optional(),
    reserved: z.array(z.strictObject({ term, payment, upfrontUsd: money, hourlyUsd: money })).default([]),
    savingsPlans: z.array(z.strictObject({ term, payment, hourlyRateUsd: money })).default([]),
  }), { error: 'expected an array of instance prices' }).min(1, { error: 'expected at least one instance price' }),
});

export type PriceListFile = z.infer<typeof priceListFileSchema>;
