-- Commitment lines of imported bills (CUR RIFee / DiscountedUsage / SavingsPlanRecurringFee /
-- SavingsPlanCoveredUsage, FOCUS rows with a CommitmentDiscountId), so that planning can count the
-- Reserved Instances and Savings Plans already owned. Keyed by import_id like cost_line_items:
-- re-importing a file replaces its lines. Usage lines are summed per day; fee lines are kept per
-- charge period (their period length sizes the commitment).
CREATE TABLE bill_commitment_lines (
  import_id          VARCHAR NOT NULL,
  source             VARCHAR NOT NULL,   -- 'cur' | 'focus'
  commitment_id      VARCHAR NOT NULL,   -- reservation / Savings Plan ARN, FOCUS CommitmentDiscountId
  kind               VARCHAR,            -- 'reserved-instance' | 'savings-plan' | NULL (unknown)
  role               VARCHAR NOT NULL,   -- 'fee' | 'used' | 'unused'
  period_start       TIMESTAMP NOT NULL,
  period_end         TIMESTAMP NOT NULL,
  region             VARCHAR NOT NULL,
  instance_type      VARCHAR NOT NULL,
  hours              DOUBLE NOT NULL,
  hours_measure_commitment BOOLEAN NOT NULL,
  reservations       DOUBLE,             -- reservation_number_of_reservations
  commitment_usd     DOUBLE,             -- SP TotalCommitmentToDate (CUR fee) / EffectiveCost (FOCUS used, unused)
  end_time           TIMESTAMP           -- reservation_end_time / savings_plan_end_time
);
