/**
 * Loads a price list: the bundled, dated estimate (prices-2026-11.json) or a `--pricing FILE`
 * in the DESIGN.md format. Validation lists every problem with its JSON path.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../domain/errors.js';
import type { CommitmentPayment, CommitmentTerm } from '../domain/commitment.js';
import type { InstancePrice, PriceList } from '../domain/pricing.js';
import { priceListFileSchema } from './price-list-schema.js';

export const bundledPriceListUrl = new URL('./prices-2026-11.json', import.meta.url);

/** Validates parsed JSON as a price list; `source` names the file in messages. */
export function parsePriceList(raw: unknown, source: string): PriceList {
  const result = priceListFileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 20).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
    const more = result.error.issues.length > 20 ? `; … and ${result.error.issues.length - 20} more` : '';
    throw new InputError(`price list ${source}: ${problems.join('; ')}${more}`, { hint: 'see the --pricing format in DESIGN.md: { currency, instances: [ { region, instanceType, onDemandHourlyUsd, reserved: [ { term, payment, upfrontUsd, hourlyUsd } ] } ] }' });
  }
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const i of result.data.instances) {
    const key = `${i.region}/${i.instanceType}`;
    if (seen.has(key)) duplicates.push(key);
    seen.add(key);
  }
  if (duplicates.length) throw new InputError(`price list ${source}: duplicate entries for ${duplicates.slice(0, 5).join(', ')}`, { hint: 'keep one entry per region and instance type' });
  const data = result.data;
  return {
    currency: data.currency,
    date: data.date ?? null,
    label: data.label ?? `price list ${source}${data.date ? `, ${data.date}` : ''}`,
    instances: data.instances.map((i) => ({
      region: i.region,
      instanceType: i.instanceType,
      onDemandHourlyUsd: i.onDemandHourlyUsd,
      vcpu: i.vcpu ?? null,
      memoryGiB: i.memoryGiB ?? null,
      reserved: i.reserved.map((r) => ({ ...r, term: r.term as CommitmentTerm, payment: r.payment as CommitmentPayment })),
      savingsPlans: i.savingsPlans.map((s) => ({ ...s, term: s.term as CommitmentTerm, payment: s.payment as CommitmentPayment })),
    })),
  };
}

/** Loads `file`, or the bundled estimate without one. */
export async function loadPriceList(file?: string): Promise<PriceList> {
  const path = file ?? bundledPriceListUrl;
  const name = file ?? 'bundled prices-2026-11.json';
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`price list ${name}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { hint: 'check the --pricing path', cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(`price list ${name}: not valid JSON (${(err as Error).message})`, { hint: 'fix the JSON syntax', cause: err });
  }
  return parsePriceList(raw, name);
}

const indexes = new WeakMap<PriceList, Map<string, InstancePrice>>();

function indexOf(list: PriceList): Map<string, InstancePrice> {
  let index = indexes.get(list);
  if (!index) {
    index = new Map(list.instances.map((i) => [`${i.region}/${i.instanceType}`, i]));
    indexes.set(list, index);
  }
  return index;
}

/** The price of `instanceType` in `region`, or undefined when the list has none. */
export function findInstancePrice(list: PriceList, region: string, instanceType: string): InstancePrice | undefined {
  return indexOf(list).get(`${region}/${instanceType}`);
}

/** vCPU and memory of an instance type (from any region that lists them), or null. */
export function findInstanceShape(list: PriceList, instanceType: string): { vcpu: number; memoryGiB: number } | null {
  for (const i of list.instances) {
    if (i.instanceType === instanceType && i.vcpu !== null && i.memoryGiB !== null) return { vcpu: i.vcpu, memoryGiB: i.memoryGiB };
  }
  return null;
}
