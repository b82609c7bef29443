-- The currency of each bill commitment line (CUR line_item_currency_code, FOCUS BillingCurrency):
-- a Savings Plan's hourly commitment read from an EUR bill is EUR, and planning against a USD price
-- list must convert it (--fx) or refuse, never read it as dollars. NULL: unknown.
ALTER TABLE bill_commitment_lines ADD COLUMN currency VARCHAR;
-- Lines stored before: the currency of their import's line items when that import has only one
-- (imports from before currencies were kept are USD, as their line items are); else unknown.
UPDATE bill_commitment_lines SET currency = (
  SELECT CASE WHEN count(DISTINCT coalesce(c.currency, 'USD')) = 1 THEN min(coalesce(c.currency, 'USD')) END
  FROM cost_line_items c WHERE c.import_id = bill_commitment_lines.import_id);
