/**
 * Slack incoming webhook: the summary's highlights and a link to the page. The webhook URL is a
 * secret (it is the credential), so errors name the publisher, never the URL.
 */
import type { Publisher, PublishedReport, PublishResult } from './publisher.js';
import { retryWithBackoff, type RetryOptions } from './retry.js';
import { formatAmount } from '../reports/index.js';

export interface SlackPayload {
  text: string;
  blocks: unknown[];
}

class HttpStatusError extends Error {
  constructor(readonly status: number, body: string) {
    super(`HTTP ${status}${body ? ` (${body.slice(0, 80)})` : ''}`);
  }
}

/** The message: a plain-text fallback (notifications) and Block Kit sections (the channel). */
export function buildSlackPayload(p: PublishedReport): SlackPayload {
  const r = p.report;
  const title = `Headroom weekly report ${r.week.week}`;
  const spend = r.summary.spend.lastWeekUsd === null ? '' : ` — spend ${formatAmount(r.summary.spend.lastWeekUsd, r.currency)}`;
  const bullets = r.summary.highlights.map((h) => `• ${h}`).join('\n');
  return {
    text: `${title}${spend}: ${p.link}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title } },
      { type: 'section', text: { type: 'mrkdwn', text: bullets || 'No data this week.' } },
      { type: 'section', text: { type: 'mrkdwn', text: `<${p.link}|Open the full report>` } },
    ],
  };
}

export function createSlackPublisher(webhookUrl: string, retry: RetryOptions = {}, timeoutMs = 10_000): Publisher {
  return {
    name: 'slack',
    async publish(p: PublishedReport): Promise<PublishResult> {
      const body = JSON.stringify(buildSlackPayload(p));
      const result = await retryWithBackoff(async () => {
        let res: Response;
        try {
          res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
        } catch (err) {
          // fetch's message may embed the URL; keep only the cause's code.
          const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
          throw new Error(`webhook unreachable (${cause})`, { cause: err });
        }
        const text = await res.text().catch(() => '');
        if (!res.ok) throw new HttpStatusError(res.status, text);
      }, { ...retry, isRetryable: (err) => !(err instanceof HttpStatusError) || err.status >= 500 || err.status === 429 });
      return { publisher: 'slack', ok: result.ok, attempts: result.attempts, errors: result.errors };
    },
  };
}
