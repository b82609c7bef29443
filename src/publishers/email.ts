/** E-mail over SMTP (nodemailer): the HTML page inline, the Markdown as the plain-text part. */
import nodemailer from 'nodemailer';
import type { Publisher, PublishedReport, PublishResult } from './publisher.js';
import { retryWithBackoff, type RetryOptions } from './retry.js';

export interface EmailSettings {
  host: string;
  port: number;
  secure: boolean;
  username?: string;
  password?: string;
  from: string;
  to: string[];
}

export function createEmailPublisher(settings: EmailSettings, retry: RetryOptions = {}): Publisher {
  return {
    name: 'email',
    async publish(p: PublishedReport): Promise<PublishResult> {
      const transport = nodemailer.createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        auth: settings.username ? { user: settings.username, pass: settings.password ?? '' } : undefined,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
      try {
        const result = await retryWithBackoff(async () => {
          try {
            await transport.sendMail({
              from: settings.from,
              to: settings.to,
              subject: `Headroom weekly report ${p.report.week.week}`,
              text: `${p.markdown}\n\nFull report: ${p.link}\n`,
              html: p.html,
            });
          } catch (err) {
            const e = err as { code?: string; responseCode?: number; message?: string };
            throw new Error(`SMTP ${settings.host}:${settings.port}: ${e.responseCode ? `${e.responseCode} ` : ''}${e.code ?? ''} ${(e.message ?? '').split('\n')[0]}`.trim(), { cause: err });
          }
        }, retry);
        return { publisher: 'email', ok: result.ok, attempts: result.attempts, errors: result.errors };
      } finally {
        transport.close();
      }
    },
  };
}
