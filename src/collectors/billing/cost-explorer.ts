/**
 * AWS Cost Explorer through @aws-sdk/client-cost-explorer. Every request costs money, so:
 * responses for windows that ended ≥ 3 days ago are cached (operation + arguments), every
 * request is counted, LimitExceededException is retried with exponential backoff (the SDK's own
 * retries are off so that the count is true), and paging follows NextPageToken / NextToken.
 * Responses are checked with zod before use: a malformed one is a one-line SourceError.
 */
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetReservationCoverageCommand,
  GetReservationPurchaseRecommendationCommand,
  GetReservationUtilizationCommand,
  GetSavingsPlansCoverageCommand,
  GetSavingsPlansPurchaseRecommendationCommand,
  GetSavingsPlansUtilizationCommand,
  type Expression,
  type GroupDefinition,
} from '@aws-sdk/client-cost-explorer';
import { z } from 'zod';
import { SourceError } from '../../domain/errors.js';
import { isCurrencyCode } from '../../domain/money.js';
import type { Logger } from '../../util/logger.js';
import { CostExplorerCache } from './cost-explorer-cache.js';
import { isDecimalString } from './decimal-amount.js';

export type CostExplorerGranularity = 'DAILY' | 'HOURLY' | 'MONTHLY';
export type CostExplorerMetric = 'AmortizedCost' | 'UnblendedCost' | 'BlendedCost' | 'NetAmortizedCost' | 'NetUnblendedCost' | 'UsageQuantity' | 'NormalizedUsageAmount';
export type CostExplorerGroupBy = { type: 'DIMENSION'; key: 'SERVICE' | 'INSTANCE_TYPE' | 'REGION' | 'USAGE_TYPE' | 'LINKED_ACCOUNT' | 'PURCHASE_TYPE' } | { type: 'TAG'; key: string };

export interface CostExplorerOptions {
  /** Endpoint override (tests, VPC endpoints); default: the public one of `region`. */
  endpoint?: string;
  region: string;
  /** Static credentials (tests); default: the standard AWS chain (env, profile, SSO, IMDS…). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Response cache directory; null disables caching. */
  cacheDir: string | null;
  /** The clock, epoch ms: decides which windows are old enough to cache. */
  nowMs: () => number;
  /** Attempts per request for throttling and 5xx. Default 6. */
  maxAttempts?: number;
  /** First backoff delay. Default 1000 ms (Cost Explorer allows ~5 requests/s). */
  baseDelayMs?: number;
  logger?: Logger;
}

export interface CostExplorerStats {
  /** Requests sent to AWS (each billed), retries included. */
  requests: number;
  /** Of which throttled and retried. */
  throttled: number;
  /** Responses served from the cache. */
  cacheHits: number;
}

const settledAfterMs = 3 * 86_400_000;
const retryable = new Set(['LimitExceededException', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']);

const amount = z.string().refine(isDecimalString, { error: 'expected a decimal amount string' });
const metricValue = z.object({ Amount: amount, Unit: z.string().optional() });
const period = z.object({ Start: z.string(), End: z.string() });

/** The metrics that are money: their `Unit` is the currency of the bill (USD, or the account's own, e.g. EUR). */
export const costExplorerCostMetrics: readonly CostExplorerMetric[] = ['AmortizedCost', 'UnblendedCost', 'BlendedCost', 'NetAmortizedCost', 'NetUnblendedCost'];

/**
 * A GetCostAndUsage metrics map: every money metric's Unit is a currency code, the same for all of
 * them (usage metrics have units like "Hrs" or "N/A" and are left as they are).
 */
const metricsMap = z.record(z.string(), metricValue).superRefine((metrics, ctx) => {
  let first: { metric: string; unit: string } | null = null;
  for (const metric of costExplorerCostMetrics) {
    const unit = metrics[metric]?.Unit;
    if (metrics[metric] === undefined) continue;
    if (!isCurrencyCode(unit)) {
      ctx.addIssue({ code: 'custom', path: [metric, 'Unit'], message: 'expected a currency code such as USD or EUR' });
    } else if (first === null) {
      first = { metric, unit };
    } else if (unit !== first.unit) {
      ctx.addIssue({ code: 'custom', path: [metric, 'Unit'], message: `expected the currency of ${first.metric} (${first.unit})` });
    }
  }
});

export const costAndUsageSchema = z.object({
  ResultsByTime: z.array(z.object({
    TimePeriod: period,
    Total: metricsMap.optional(),
    Groups: z.array(z.object({ Keys: z.array(z.string()), Metrics: metricsMap })).optional(),
    Estimated: z.boolean().optional(),
  })),
  NextPageToken: z.string().optional(),
});
export type CostAndUsageResult = z.infer<typeof costAndUsageSchema>['ResultsByTime'][number];

const optionalAmount = amount.optional();
const reservationAggregates = z.object({
  UtilizationPercentage: optionalAmount, PurchasedHours: optionalAmount, TotalActualHours: optionalAmount, UnusedHours: optionalAmount,
  NetRISavings: optionalAmount, TotalAmortizedFee: optionalAmount, OnDemandCostOfRIHoursUsed: optionalAmount,
}).loose();
export const reservationUtilizationSchema = z.object({
  UtilizationsByTime: z.array(z.object({ TimePeriod: period, Total: reservationAggregates.optional() }).loose()),
  Total: reservationAggregates.optional(),
  NextPageToken: z.string().optional(),
});
const coverage = z.object({
  CoverageHours: z.object({ OnDemandHours: optionalAmount, ReservedHours: optionalAmount, TotalRunningHours: optionalAmount, CoverageHoursPercentage: optionalAmount }).loose().optional(),
  CoverageCost: z.object({ OnDemandCost: optionalAmount }).loose().optional(),
}).loose();
export const reservationCoverageSchema = z.object({
  CoveragesByTime: z.array(z.object({ TimePeriod: period, Total: coverage.optional() }).loose()),
  Total: coverage.optional(),
  NextPageToken: z.string().optional(),
});
const spUtilization = z.object({ TotalCommitment: optionalAmount, UsedCommitment: optionalAmount, UnusedCommitment: optionalAmount, UtilizationPercentage: optionalAmount }).loose();
export const savingsPlansUtilizationSchema = z.object({
  SavingsPlansUtilizationsByTime: z.array(z.object({ TimePeriod: period, Utilization: spUtilization }).loose()).optional(),
  Total: z.object({ Utilization: spUtilization }).loose(),
});
export const savingsPlansCoverageSchema = z.object({
  SavingsPlansCoverages: z.array(z.object({
    TimePeriod: period.optional(),
    Coverage: z.object({ SpendCoveredBySavingsPlans: optionalAmount, OnDemandCost: optionalAmount, TotalCost: optionalAmount, CoveragePercentage: optionalAmount }).loose().optional(),
  }).loose()),
  NextToken: z.string().optional(),
});
/** The `CurrencyCode` of a purchase recommendation and its summary: the account's currency (USD, EUR…). */
const currencyCode = z.string().refine(isCurrencyCode, 'expected a currency code such as USD or EUR').optional();
export const reservationRecommendationSchema = z.object({
  Recommendations: z.array(z.object({
    LookbackPeriodInDays: z.string().optional(),
    TermInYears: z.string().optional(),
    PaymentOption: z.string().optional(),
    RecommendationDetails: z.array(z.object({
      InstanceDetails: z.object({ EC2InstanceDetails: z.object({ InstanceType: z.string().optional(), Region: z.string().optional(), Family: z.string().optional() }).loose().optional() }).loose().optional(),
      RecommendedNumberOfInstancesToPurchase: optionalAmount,
      UpfrontCost: optionalAmount,
      RecurringStandardMonthlyCost: optionalAmount,
      EstimatedMonthlySavingsAmount: optionalAmount,
      CurrencyCode: currencyCode,
    }).loose()).optional(),
    RecommendationSummary: z.object({ CurrencyCode: currencyCode }).loose().optional(),
  }).loose()).optional(),
  NextPageToken: z.string().optional(),
});
export const savingsPlansRecommendationSchema = z.object({
  SavingsPlansPurchaseRecommendation: z.object({
    TermInYears: z.string().optional(),
    PaymentOption: z.string().optional(),
    LookbackPeriodInDays: z.string().optional(),
    SavingsPlansPurchaseRecommendationDetails: z.array(z.object({
      HourlyCommitmentToPurchase: optionalAmount, UpfrontCost: optionalAmount, EstimatedMonthlySavingsAmount: optionalAmount, CurrencyCode: currencyCode,
    }).loose()).optional(),
    SavingsPlansPurchaseRecommendationSummary: z.object({ CurrencyCode: currencyCode }).loose().optional(),
  }).loose().optional(),
  NextPageToken: z.string().optional(),
});

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  let value: unknown = input;
  for (const key of issue.path) value = value === null || value === undefined ? undefined : (value as Record<PropertyKey, unknown>)[key as PropertyKey];
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${path || '(root)'} ${value === undefined ? 'is missing' : `${JSON.stringify(value)?.slice(0, 40)}: ${issue.message}`}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Formats a time window bound as Cost Explorer wants it: a date, or a UTC time for HOURLY. */
export function formatCostExplorerTime(ms: number, granularity: CostExplorerGranularity): string {
  const iso = new Date(ms).toISOString();
  return granularity === 'HOURLY' ? iso.replace(/\.\d{3}Z$/, 'Z') : iso.slice(0, 10);
}

export class CostExplorerCollector {
  readonly stats: CostExplorerStats = { requests: 0, throttled: 0, cacheHits: 0 };
  private readonly client: CostExplorerClient;
  private readonly cache: CostExplorerCache | null;

  constructor(private readonly options: CostExplorerOptions) {
    this.client = new CostExplorerClient({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // Our own retry loop counts every billed request.
      maxAttempts: 1,
    });
    this.cache = options.cacheDir ? new CostExplorerCache(options.cacheDir) : null;
  }

  close(): void {
    this.client.destroy();
  }

  /**
   * One request with cache, retries and validation. `windowEndMs` decides cacheability;
   * `run` sends the SDK command.
   */
  private async call<T>(operation: string, input: object, windowEndMs: number | null, schema: z.ZodType<T>, run: () => Promise<unknown>): Promise<T> {
    const cacheable = this.cache !== null && windowEndMs !== null && windowEndMs <= this.options.nowMs() - settledAfterMs;
    if (cacheable) {
      const hit = await this.cache!.get<unknown>(operation, input);
      if (hit !== undefined) {
        const parsed = schema.safeParse(hit);
        if (parsed.success) {
          this.stats.cacheHits++;
          return parsed.data;
        }
      }
    }
    const maxAttempts = this.options.maxAttempts ?? 6;
    const baseDelayMs = this.options.baseDelayMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      this.stats.requests++;
      let raw: unknown;
      try {
        raw = await run();
      } catch (err) {
        const name = (err as { name?: string }).name ?? 'Error';
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if ((retryable.has(name) || (status !== undefined && status >= 500)) && attempt < maxAttempts) {
          this.stats.throttled++;
          const delayMs = baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
          this.options.logger?.debug({ operation, attempt, delayMs: Math.round(delayMs), error: name }, 'cost explorer throttled; backing off');
          await sleep(delayMs);
          continue;
        }
        throw this.translateError(operation, err, attempt);
      }
      const { $metadata: _meta, ...body } = raw as Record<string, unknown>;
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new SourceError('SOURCE_REJECTED', `cost explorer ${operation}: malformed response: ${describeIssue(parsed.error.issues[0]!, body)}`, {
          hint: 'the endpoint did not answer like AWS Cost Explorer; check aws.endpoint',
        });
      }
      if (cacheable) await this.cache!.put(operation, input, body);
      return parsed.data;
    }
  }

  private translateError(operation: string, err: unknown, attempts: number): SourceError {
    const name = (err as { name?: string }).name ?? 'Error';
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const context = `cost explorer ${operation}`;
    if (retryable.has(name)) return new SourceError('SOURCE_UNAVAILABLE', `${context}: still throttled (${name}) after ${attempts} attempts`, { hint: 'Cost Explorer allows about 5 requests per second per account; retry later', cause: err });
    if (name === 'CredentialsProviderError' || /credential/i.test(message)) return new SourceError('SOURCE_REJECTED', `${context}: no AWS credentials (${message})`, { hint: 'configure the standard AWS chain: AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO or an instance role', cause: err });
    if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up/i.test(`${message} ${(err as { code?: string }).code ?? ''}`)) return new SourceError('SOURCE_UNAVAILABLE', `${context}: endpoint unreachable (${message})`, { hint: 'check aws.endpoint and the network', cause: err });
    if (name === 'AccessDeniedException' || status === 403) return new SourceError('SOURCE_REJECTED', `${context}: access denied (${message})`, { hint: 'grant ce:GetCostAndUsage and the other ce:Get* actions to the credentials in use', cause: err });
    if (status === undefined || /Deserialization|JSON|Unexpected token|Expected/i.test(`${name} ${message}`)) {
      return new SourceError('SOURCE_REJECTED', `${context}: malformed response (${name}: ${message})`, { hint: 'the endpoint did not answer like AWS Cost Explorer; check aws.endpoint', cause: err });
    }
    return new SourceError('SOURCE_REJECTED', `${context}: ${name}: ${message}`, { hint: 'check the request window (Cost Explorer keeps 13 months of daily and 14 days of hourly data)', cause: err });
  }

  /** GetCostAndUsage over [startMs, endMs), all pages. */
  async getCostAndUsage(request: { startMs: number; endMs: number; granularity: CostExplorerGranularity; metrics: CostExplorerMetric[]; groupBy?: CostExplorerGroupBy[]; filter?: Expression }): Promise<CostAndUsageResult[]> {
    const results: CostAndUsageResult[] = [];
    const groupBy: GroupDefinition[] | undefined = request.groupBy?.map((g) => ({ Type: g.type, Key: g.key }));
    let token: string | undefined;
    do {
      const input = {
        TimePeriod: { Start: formatCostExplorerTime(request.startMs, request.granularity), End: formatCostExplorerTime(request.endMs, request.granularity) },
        Granularity: request.granularity,
        Metrics: request.metrics,
        ...(groupBy ? { GroupBy: groupBy } : {}),
        ...(request.filter ? { Filter: request.filter } : {}),
        ...(token ? { NextPageToken: token } : {}),
      };
      const page = await this.call('GetCostAndUsage', input, request.endMs, costAndUsageSchema, () => this.client.send(new GetCostAndUsageCommand(input)));
      results.push(...page.ResultsByTime);
      token = page.NextPageToken || undefined;
    } while (token);
    return results;
  }

  async getReservationUtilization(startMs: number, endMs: number, granularity: 'DAILY' | 'MONTHLY' = 'DAILY'): Promise<z.infer<typeof reservationUtilizationSchema>> {
    const pages: z.infer<typeof reservationUtilizationSchema>[] = [];
    let token: string | undefined;
    do {
      const input = { TimePeriod: { Start: formatCostExplorerTime(startMs, granularity), End: formatCostExplorerTime(endMs, granularity) }, Granularity: granularity, ...(token ? { NextPageToken: token } : {}) };
      const page = await this.call('GetReservationUtilization', input, endMs, reservationUtilizationSchema, () => this.client.send(new GetReservationUtilizationCommand(input)));
      pages.push(page);
      token = page.NextPageToken || undefined;
    } while (token);
    return { UtilizationsByTime: pages.flatMap((p) => p.UtilizationsByTime), Total: pages[pages.length - 1]?.Total };
  }

  async getReservationCoverage(startMs: number, endMs: number, granularity: 'DAILY' | 'MONTHLY' = 'DAILY'): Promise<z.infer<typeof reservationCoverageSchema>> {
    const pages: z.infer<typeof reservationCoverageSchema>[] = [];
    let token: string | undefined;
    do {
      const input = { TimePeriod: { Start: formatCostExplorerTime(startMs, granularity), End: formatCostExplorerTime(endMs, granularity) }, Granularity: granularity, ...(token ? { NextPageToken: token } : {}) };
      const page = await this.call('GetReservationCoverage', input, endMs, reservationCoverageSchema, () => this.client.send(new GetReservationCoverageCommand(input)));
      pages.push(page);
      token = page.NextPageToken || undefined;
    } while (token);
    return { CoveragesByTime: pages.flatMap((p) => p.CoveragesByTime), Total: pages[pages.length - 1]?.Total };
  }

  async getSavingsPlansUtilization(startMs: number, endMs: number, granularity: 'DAILY' | 'MONTHLY' = 'DAILY'): Promise<z.infer<typeof savingsPlansUtilizationSchema>> {
    const input = { TimePeriod: { Start: formatCostExplorerTime(startMs, granularity), End: formatCostExplorerTime(endMs, granularity) }, Granularity: granularity };
    return this.call('GetSavingsPlansUtilization', input, endMs, savingsPlansUtilizationSchema, () => this.client.send(new GetSavingsPlansUtilizationCommand(input)));
  }

  async getSavingsPlansCoverage(startMs: number, endMs: number, granularity: 'DAILY' | 'MONTHLY' = 'DAILY'): Promise<z.infer<typeof savingsPlansCoverageSchema>['SavingsPlansCoverages']> {
    const out: z.infer<typeof savingsPlansCoverageSchema>['SavingsPlansCoverages'] = [];
    let token: string | undefined;
    do {
      const input = { TimePeriod: { Start: formatCostExplorerTime(startMs, granularity), End: formatCostExplorerTime(endMs, granularity) }, Granularity: granularity, ...(token ? { NextToken: token } : {}) };
      const page = await this.call('GetSavingsPlansCoverage', input, endMs, savingsPlansCoverageSchema, () => this.client.send(new GetSavingsPlansCoverageCommand(input)));
      out.push(...page.SavingsPlansCoverages);
      token = page.NextToken || undefined;
    } while (token);
    return out;
  }

  /** AWS's RI recommendation for EC2 (not cached: it changes daily). */
  async getReservationPurchaseRecommendation(term: 'ONE_YEAR' | 'THREE_YEARS', payment: 'NO_UPFRONT' | 'PARTIAL_UPFRONT' | 'ALL_UPFRONT', lookback: 'SEVEN_DAYS' | 'THIRTY_DAYS' | 'SIXTY_DAYS' = 'THIRTY_DAYS'): Promise<z.infer<typeof reservationRecommendationSchema>['Recommendations']> {
    const out: NonNullable<z.infer<typeof reservationRecommendationSchema>['Recommendations']> = [];
    let token: string | undefined;
    do {
      const input = { Service: 'Amazon Elastic Compute Cloud - Compute', TermInYears: term, PaymentOption: payment, LookbackPeriodInDays: lookback, ...(token ? { NextPageToken: token } : {}) };
      const page = await this.call('GetReservationPurchaseRecommendation', input, null, reservationRecommendationSchema, () => this.client.send(new GetReservationPurchaseRecommendationCommand(input)));
      out.push(...(page.Recommendations ?? []));
      token = page.NextPageToken || undefined;
    } while (token);
    return out;
  }

  /** AWS's Compute Savings Plan recommendation (not cached). */
  async getSavingsPlansPurchaseRecommendation(term: 'ONE_YEAR' | 'THREE_YEARS', payment: 'NO_UPFRONT' | 'PARTIAL_UPFRONT' | 'ALL_UPFRONT', lookback: 'SEVEN_DAYS' | 'THIRTY_DAYS' | 'SIXTY_DAYS' = 'THIRTY_DAYS'): Promise<z.infer<typeof savingsPlansRecommendationSchema>['SavingsPlansPurchaseRecommendation']> {
    const input = { SavingsPlansType: 'COMPUTE_SP' as const, TermInYears: term, PaymentOption: payment, LookbackPeriodInDays: lookback };
    const page = await this.call('GetSavingsPlansPurchaseRecommendation', input, null, savingsPlansRecommendationSchema, () => this.client.send(new GetSavingsPlansPurchaseRecommendationCommand(input)));
    return page.SavingsPlansPurchaseRecommendation;
  }
}
