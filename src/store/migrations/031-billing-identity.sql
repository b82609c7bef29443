-- Bills are identified by what they are, not where they were read from: a billing slice is one
-- provider's billing account for one billing period, from one kind of export (FOCUS or CUR).
-- Re-importing a newer export of a slice replaces the older one; the same content under another
-- path is recognised by its hash. Amounts keep the currency they were billed in (the *_usd
-- column names of cost_line_items predate this: read `currency` beside them).
ALTER TABLE cost_line_items ADD COLUMN currency VARCHAR DEFAULT 'USD';
ALTER TABLE cost_line_items ADD COLUMN billing_account VARCHAR DEFAULT '';
ALTER TABLE cost_line_items ADD COLUMN billing_period_start TIMESTAMP;
-- Rows stored before: the calendar month of the charge is the billing period of AWS and the sample.
UPDATE cost_line_items SET billing_period_start = date_trunc('month', period_start);

CREATE TABLE billing_imports (
  import_id            VARCHAR NOT NULL,   -- the export's import id (kind + content hash)
  source               VARCHAR NOT NULL,   -- 'focus' | 'cur'
  provider             VARCHAR NOT NULL,
  billing_account      VARCHAR NOT NULL,
  billing_period_start TIMESTAMP NOT NULL,
  content_hash         VARCHAR NOT NULL,   -- sha256 of the export's bytes (all its files)
  path                 VARCHAR NOT NULL,   -- where it was read from, for messages only
  currencies           VARCHAR NOT NULL,   -- comma-separated, e.g. 'EUR'
  row_count            BIGINT NOT NULL,
  effective_cost       DECIMAL(38,10) NOT NULL,
  billed_cost          DECIMAL(38,10) NOT NULL,
  charge_start         TIMESTAMP,
  charge_end           TIMESTAMP,
  imported_at          TIMESTAMP NOT NULL DEFAULT current_timestamp,
  PRIMARY KEY (source, provider, billing_account, billing_period_start)
);
