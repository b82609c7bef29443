/** What `headroom import` prints for an export it stored, recognised or replaced: amounts always in their own currency. */
import { billingMessages, type BillingImportResult } from '../collectors/billing/index.js';
import { formatMoney } from '../domain/money.js';

export function describeImportOutcome(kind: string, file: string, r: BillingImportResult): string {
  if (r.duplicateOf !== null) {
    return `${kind} ${billingMessages.duplicate(file, r.duplicateOf)}\n`;
  }
  const currency = r.currencies.length === 1 ? r.currencies[0]! : null;
  const money = (amount: string) => (currency ? formatMoney(Number(amount), currency) : `${Number(amount).toFixed(2)} (mixed ${r.currencies.join(', ')})`);
  const lines = [`${kind} ${file}: ${r.rowsRead} rows → ${r.lineItemsStored} daily line items, ${r.usageHoursStored} instance-hours; effective ${money(r.effectiveCostUsd)}, billed ${money(r.billedCostUsd)}`];
  for (const s of r.slices) if (s.replaced) lines.push(`  ${s.replaced.message}`);
  return lines.join('\n') + '\n';
}
