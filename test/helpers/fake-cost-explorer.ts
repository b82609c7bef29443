/**
 * A local AWS Cost Explorer on 127.0.0.1 speaking the real wire protocol (awsJson1_1):
 * `POST /`, `X-Amz-Target: AWSInsightsIndexService.<Operation>`, `Content-Type:
 * application/x-amz-json-1.1`, SigV4-signed requests, amounts as strings, NextPageToken /
 * NextToken paging, and `__type` errors with HTTP 400. Response shapes follow the API reference.
 *
 * Amounts are generated as integers of 1e-10 dollars and written in the forms AWS uses (plain
 * decimals, and scientific notation for tiny values), so tests know the exact expected totals
 * without parsing the strings the way the collector does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCostExplorerOptions {
  /** First day of data (YYYY-MM-DD) and number of days. */
  startDate: string;
  days: number;
  services?: string[];
  namespaces?: string[];
  namespaceTag?: string;
  /** Periods per GetCostAndUsage page: DAILY and HOURLY. */
  dailyPageSize?: number;
  hourlyPageSize?: number;
  /** Answer the first N requests with LimitExceededException. */
  throttleFirst?: number;
  /** Break a response: a bad amount string, a cost `Unit` that is not a currency code, or a body that is not JSON. */
  malformed?: 'amount' | 'unit' | 'json' | null;
  /**
   * The currency the account is billed in: the `Unit` beside every cost `Amount` (AWS writes the
   * ISO 4217 code, e.g. "USD", "EUR"; usage metrics keep their own units such as "N/A"). Default USD.
   */
  currency?: string;
}

export interface RecordedRequest {
  operation: string;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

const unitsPerUsd = 10_000_000_000n;

function formatUnits(units: bigint, index: number): string {
  // Tiny amounts come back in scientific notation from Cost Explorer, e.g. "7.2E-9".
  if (units > 0n && units < 1000n) {
    const d = units.toString();
    return `${d[0]}${d.length > 1 ? `.${d.slice(1)}` : ''}E-${10 - (d.length - 1)}`;
  }
  const s = `${units / unitsPerUsd}.${(units % unitsPerUsd).toString().padStart(10, '0')}`;
  // Vary the form: trailing zeros trimmed on some lines, as AWS does.
  return index % 3 === 0 ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

export class FakeCostExplorer {
  readonly requests: RecordedRequest[] = [];
  /** Exact sums (1e-10 $) of what DAILY GetCostAndUsage serves over the whole range. */
  expectedAmortizedUnits = 0n;
  expectedUnblendedUnits = 0n;
  private server: Server | null = null;
  private readonly services: string[];
  private readonly namespaces: string[];
  private readonly tag: string;

  constructor(private readonly options: FakeCostExplorerOptions) {
    this.services = options.services ?? ['Amazon Elastic Compute Cloud - Compute', 'Amazon Simple Storage Service', 'AWS Data Transfer'];
    this.namespaces = options.namespaces ?? ['shop', 'data', ''];
    this.tag = options.namespaceTag ?? 'kubernetes.io/namespace';
    for (let d = 0; d < options.days; d++) {
      this.services.forEach((_, s) => this.namespaces.forEach((__, n) => {
        const { amortized, unblended } = this.amounts(d, s, n);
        this.expectedAmortizedUnits += amortized;
        this.expectedUnblendedUnits += unblended;
      }));
    }
  }

  /** Exact amortised sum (1e-10 of the currency) of days [fromDay, toDay) (indexes from startDate). */
  amortizedUnitsOfDays(fromDay: number, toDay: number): bigint {
    let sum = 0n;
    for (let d = Math.max(0, fromDay); d < Math.min(this.options.days, toDay); d++) {
      this.services.forEach((_, s) => this.namespaces.forEach((__, n) => { sum += this.amounts(d, s, n).amortized; }));
    }
    return sum;
  }

  /** Deterministic amounts per (day, service, namespace), in 1e-10 $; some tiny ones. */
  private amounts(day: number, service: number, ns: number): { amortized: bigint; unblended: bigint } {
    const seed = BigInt((day + 1) * 7919 + (service + 1) * 104_729 + (ns + 1) * 1_299_709);
    if ((day + service + ns) % 11 === 0) return { amortized: 72n, unblended: 80n };
    const amortized = (seed * 982_451_653n) % 500_000_000_000n + 1_000n;
    return { amortized, unblended: amortized + (seed % 3_000_000_000n) };
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': `fake-${this.requests.length}`, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private error(res: ServerResponse, type: string, message: string): void {
    this.send(res, 400, { __type: type, message });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^AWSInsightsIndexService\./, '');
    if (req.method !== 'POST' || req.url !== '/' || !target.startsWith('AWSInsightsIndexService.')) return this.error(res, 'UnknownOperationException', `unknown target ${target}`);
    if (req.headers['content-type'] !== 'application/x-amz-json-1.1') return this.error(res, 'SerializationException', 'expected application/x-amz-json-1.1');
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 Credential=')) return this.error(res, 'MissingAuthenticationTokenException', 'request is not signed');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return this.error(res, 'SerializationException', 'body is not JSON');
    }
    this.requests.push({ operation, body, headers: req.headers });
    if (this.requests.length <= (this.options.throttleFirst ?? 0)) return this.error(res, 'LimitExceededException', 'Rate exceeded');
    if (this.options.malformed === 'json' && operation === 'GetCostAndUsage') {
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' });
      res.end('{"ResultsByTime": [ {"TimePeriod": ');
      return;
    }
    switch (operation) {
      case 'GetCostAndUsage': return this.costAndUsage(res, body);
      case 'GetReservationUtilization': return this.send(res, 200, this.reservationUtilization(body));
      case 'GetReservationCoverage': return this.send(res, 200, this.reservationCoverage(body));
      case 'GetSavingsPlansUtilization': return this.send(res, 200, this.savingsPlansUtilization(body));
      case 'GetSavingsPlansCoverage': return this.send(res, 200, this.savingsPlansCoverage(body));
      case 'GetReservationPurchaseRecommendation': return this.send(res, 200, this.reservationRecommendation(body));
      case 'GetSavingsPlansPurchaseRecommendation': return this.send(res, 200, this.savingsPlansRecommendation(body));
      default: return this.error(res, 'UnknownOperationException', `operation ${operation} is not supported by the fake`);
    }
  }

  private dayIndex(date: string): number {
    return Math.round((Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - Date.parse(`${this.options.startDate}T00:00:00Z`)) / 86_400_000);
  }

  private costAndUsage(res: ServerResponse, body: Record<string, unknown>): void {
    const period = body.TimePeriod as { Start: string; End: string };
    const granularity = body.Granularity as string;
    const token = body.NextPageToken as string | undefined;
    const page = token ? Number(Buffer.from(token, 'base64').toString('utf8').replace('page:', '')) : 0;
    if (token && !Number.isInteger(page)) return this.error(res, 'InvalidNextTokenException', 'The token is invalid');
    const results: unknown[] = [];
    if (granularity === 'DAILY') {
      const from = Math.max(0, this.dayIndex(period.Start));
      const to = Math.min(this.options.days, this.dayIndex(period.End));
      let line = 0;
      for (let d = from; d < to; d++) {
        const start = new Date(Date.parse(`${this.options.startDate}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
        const end = new Date(Date.parse(`${this.options.startDate}T00:00:00Z`) + (d + 1) * 86_400_000).toISOString().slice(0, 10);
        const groups = this.services.flatMap((service, s) => this.namespaces.map((ns, n) => {
          const { amortized, unblended } = this.amounts(d, s, n);
          line++;
          const amountText = this.options.malformed === 'amount' && d === from && line === 2 ? '12,50' : formatUnits(amortized, line);
          const currency = this.options.currency ?? 'USD';
          // A unit a careless proxy might write: the symbol instead of the code.
          const unitText = this.options.malformed === 'unit' && d === from && line === 2 ? '€' : currency;
          return {
            Keys: [service, `${this.tag}$${ns}`],
            Metrics: {
              AmortizedCost: { Amount: amountText, Unit: unitText },
              UnblendedCost: { Amount: formatUnits(unblended, line + 1), Unit: currency },
              UsageQuantity: { Amount: `${(d + 1) * 24}`, Unit: 'N/A' },
              NormalizedUsageAmount: { Amount: `${(d + 1) * 96}`, Unit: 'N/A' },
            },
          };
        }));
        results.push({ TimePeriod: { Start: start, End: end }, Total: {}, Groups: groups, Estimated: false });
      }
    } else if (granularity === 'HOURLY') {
      const fromMs = Date.parse(period.Start);
      const toMs = Date.parse(period.End);
      for (let t = fromMs; t < toMs; t += 3_600_000) {
        const hour = new Date(t).getUTCHours();
        results.push({
          TimePeriod: { Start: new Date(t).toISOString().replace('.000Z', 'Z'), End: new Date(t + 3_600_000).toISOString().replace('.000Z', 'Z') },
          Total: {},
          Groups: [
            { Keys: ['m5.large', 'us-east-1'], Metrics: { UsageQuantity: { Amount: hour < 12 ? '15' : '10', Unit: 'Hrs' } } },
            { Keys: ['c5.xlarge', 'eu-west-1'], Metrics: { UsageQuantity: { Amount: hour < 2 ? '30' : '0', Unit: 'Hrs' } } },
          ],
          Estimated: false,
        });
      }
    } else {
      return this.error(res, 'ValidationException', `granularity ${granularity} is not served by the fake`);
    }
    const size = granularity === 'DAILY' ? this.options.dailyPageSize ?? 1000 : this.options.hourlyPageSize ?? 1000;
    const slice = results.slice(page * size, (page + 1) * size);
    const next = (page + 1) * size < results.length ? Buffer.from(`page:${page + 1}`).toString('base64') : undefined;
    this.send(res, 200, {
      GroupDefinitions: (body.GroupBy as unknown[] | undefined) ?? [],
      ResultsByTime: slice,
      DimensionValueAttributes: [],
      ...(next ? { NextPageToken: next } : {}),
    });
  }

  private reservationUtilization(body: Record<string, unknown>): unknown {
    const total = { UtilizationPercentage: '87.5', UtilizationPercentageInUnits: '87.5', PurchasedHours: '240', PurchasedUnits: '960', TotalActualHours: '210', TotalActualUnits: '840', UnusedHours: '30', UnusedUnits: '120', OnDemandCostOfRIHoursUsed: '20.16', NetRISavings: '5.3', TotalPotentialRISavings: '6.1', AmortizedUpfrontFee: '0', AmortizedRecurringFee: '14.4', TotalAmortizedFee: '14.4', RICostForUnusedHours: '1.8', RealizedSavings: '7.56', UnrealizedSavings: '0' };
    return { UtilizationsByTime: [{ TimePeriod: body.TimePeriod, Groups: [], Total: total }], Total: total };
  }

  private reservationCoverage(body: Record<string, unknown>): unknown {
    const coverage = { CoverageHours: { OnDemandHours: '300', ReservedHours: '210', TotalRunningHours: '510', CoverageHoursPercentage: '41.17647058823529' }, CoverageNormalizedUnits: { OnDemandNormalizedUnits: '1200', ReservedNormalizedUnits: '840', TotalRunningNormalizedUnits: '2040', CoverageNormalizedUnitsPercentage: '41.17647058823529' }, CoverageCost: { OnDemandCost: '28.8' } };
    return { CoveragesByTime: [{ TimePeriod: body.TimePeriod, Groups: [], Total: coverage }], Total: coverage };
  }

  private savingsPlansUtilization(body: Record<string, unknown>): unknown {
    const utilization = { TotalCommitment: '100', UsedCommitment: '95', UnusedCommitment: '5', UtilizationPercentage: '95' };
    const savings = { NetSavings: '30.5', OnDemandCostEquivalent: '130.5' };
    const amortized = { AmortizedRecurringCommitment: '100', AmortizedUpfrontCommitment: '0', TotalAmortizedCommitment: '100' };
    return { SavingsPlansUtilizationsByTime: [{ TimePeriod: body.TimePeriod, Utilization: utilization, Savings: savings, AmortizedCommitment: amortized }], Total: { Utilization: utilization, Savings: savings, AmortizedCommitment: amortized } };
  }

  private savingsPlansCoverage(body: Record<string, unknown>): unknown {
    const token = body.NextToken as string | undefined;
    const first = { Attributes: {}, Coverage: { SpendCoveredBySavingsPlans: '95', OnDemandCost: '150', TotalCost: '245', CoveragePercentage: '38.775510204081634' }, TimePeriod: body.TimePeriod };
    const second = { Attributes: {}, Coverage: { SpendCoveredBySavingsPlans: '5', OnDemandCost: '50', TotalCost: '55', CoveragePercentage: '9.090909090909092' }, TimePeriod: body.TimePeriod };
    return token ? { SavingsPlansCoverages: [second] } : { SavingsPlansCoverages: [first], NextToken: 'sp-page-2' };
  }

  private reservationRecommendation(body: Record<string, unknown>): unknown {
    return {
      Metadata: { RecommendationId: 'fake-ri-rec', GenerationTimestamp: '2026-11-21T00:00:00Z' },
      Recommendations: [{
        AccountScope: 'PAYER', LookbackPeriodInDays: body.LookbackPeriodInDays, TermInYears: body.TermInYears, PaymentOption: body.PaymentOption,
        ServiceSpecification: { EC2Specification: { OfferingClass: 'STANDARD' } },
        RecommendationDetails: [{
          AccountId: '123456789012',
          InstanceDetails: { EC2InstanceDetails: { Family: 'm5', InstanceType: 'm5.large', Region: 'us-east-1', Platform: 'Linux/UNIX', Tenancy: 'shared', CurrentGeneration: true, SizeFlexEligible: true } },
          RecommendedNumberOfInstancesToPurchase: '10', RecommendedNormalizedUnitsToPurchase: '40', MinimumNumberOfInstancesUsedPerHour: '10', MaximumNumberOfInstancesUsedPerHour: '15',
          AverageNumberOfInstancesUsedPerHour: '12.5', AverageUtilization: '100', EstimatedBreakEvenInMonths: '0', CurrencyCode: this.options.currency ?? 'USD', EstimatedMonthlySavingsAmount: '262.98',
          EstimatedMonthlySavingsPercentage: '37.5', EstimatedMonthlyOnDemandCost: '701.28', UpfrontCost: '0', RecurringStandardMonthlyCost: '438.3',
        }],
        RecommendationSummary: { TotalEstimatedMonthlySavingsAmount: '262.98', TotalEstimatedMonthlySavingsPercentage: '37.5', CurrencyCode: this.options.currency ?? 'USD' },
      }],
    };
  }

  private savingsPlansRecommendation(body: Record<string, unknown>): unknown {
    return {
      Metadata: { RecommendationId: 'fake-sp-rec', GenerationTimestamp: '2026-11-21T00:00:00Z', LookbackPeriodInDays: body.LookbackPeriodInDays },
      SavingsPlansPurchaseRecommendation: {
        AccountScope: 'PAYER', SavingsPlansType: 'COMPUTE_SP', TermInYears: body.TermInYears, PaymentOption: body.PaymentOption, LookbackPeriodInDays: body.LookbackPeriodInDays,
        SavingsPlansPurchaseRecommendationDetails: [{
          SavingsPlansDetails: { Region: '', InstanceFamily: '', OfferingId: 'fake-offering' }, AccountId: '123456789012', UpfrontCost: '0', EstimatedROI: '38.1', CurrencyCode: this.options.currency ?? 'USD',
          EstimatedSPCost: '328.5', EstimatedOnDemandCost: '530.1', EstimatedSavingsAmount: '201.6', EstimatedSavingsPercentage: '38.03', HourlyCommitmentToPurchase: '0.45',
          EstimatedAverageUtilization: '100', EstimatedMonthlySavingsAmount: '201.6', CurrentMinimumHourlyOnDemandSpend: '0.9', CurrentMaximumHourlyOnDemandSpend: '1.44', CurrentAverageHourlyOnDemandSpend: '1.12',
        }],
        SavingsPlansPurchaseRecommendationSummary: { EstimatedTotalCost: '328.5', HourlyCommitmentToPurchase: '0.45', EstimatedSavingsAmount: '201.6', EstimatedMonthlySavingsAmount: '201.6', CurrencyCode: this.options.currency ?? 'USD' },
      },
    };
  }
}
