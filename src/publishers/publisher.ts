/** What a publisher gets (the rendered report and where it lives) and what it reports back. */
import type { WeeklyReport } from '../reports/index.js';

export interface PublishedReport {
  report: WeeklyReport;
  /** Directory holding report.html, report.md, report.json and the CSVs. */
  dir: string;
  html: string;
  markdown: string;
  /** Link to the page for people (publicBaseUrl/<week>/report.html, or a file:// URL). */
  link: string;
}

export interface PublishResult {
  publisher: string;
  ok: boolean;
  attempts: number;
  /** Every failed attempt's reason (secrets never appear: URLs are redacted). */
  errors: string[];
}

export interface Publisher {
  name: string;
  publish(report: PublishedReport): Promise<PublishResult>;
}
