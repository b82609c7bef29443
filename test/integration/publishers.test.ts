import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/index.js';
import { validateConfig } from '../../src/config/index.js';
import { generateWeeklyReport } from '../../src/app/report.js';
import { parseIsoWeek } from '../../src/reports/index.js';
import { createEmailPublisher, createSlackPublisher } from '../../src/publishers/index.js';
import { listRuns } from '../../src/store/run-repo.js';
import { silentLogger } from '../../src/util/logger.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startFakeSmtp, type FakeSmtp } from '../helpers/fake-smtp.js';
import { lastWeekUsd, seedReportStore, weekEndMs } from './report-fixture.js';

const fastRetry = { attempts: 3, baseDelayMs: 5 };
let dir: string;
let store: Store;
let slack: FakeSlack;
let smtp: FakeSmtp;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-publish-'));
  store = await Store.open(':memory:');
  await seedReportStore(store);
  slack = await startFakeSlack();
  smtp = await startFakeSmtp();
});
afterEach(async () => {
  await store.close();
  await slack.close();
  await smtp.close();
  await rm(dir, { recursive: true, force: true });
});

function report(config = validateConfig({ report: { publicBaseUrl: 'https://reports.example.com/headroom' } }), publishers?: Parameters<typeof generateWeeklyReport>[0]['publishers']) {
  return generateWeeklyReport({
    store, config, week: parseIsoWeek('2026-W46'), outDir: join(dir, 'out'), nowMs: () => weekEndMs, logger: silentLogger(), pdf: 'never',
    alertsDir: join(dir, 'none'), slosDir: join(dir, 'none'), publishers, retry: fastRetry,
  });
}

describe('Slack webhook publisher', () => {
  it('posts the highlights and a link to the page as JSON', async () => {
    const result = await report(undefined, [createSlackPublisher(slack.url, fastRetry)]);
    expect(result.publishResults).toEqual([{ publisher: 'slack', ok: true, attempts: 1, errors: [] }]);
    expect(slack.requests).toHaveLength(1);
    const body = slack.requests[0]!.body as { text: string; blocks: { text?: { text: string } }[] };
    expect(slack.requests[0]!.contentType).toBe('application/json');
    expect(body.text).toBe('Headroom weekly report 2026-W46 — spend $1,260.00: https://reports.example.com/headroom/2026-W46/report.html');
    expect(body.blocks[1]!.text!.text).toContain(`• Spend last week: $${lastWeekUsd.toLocaleString('en-US')}.00`);
    expect(body.blocks[2]!.text!.text).toContain('<https://reports.example.com/headroom/2026-W46/report.html|');
  });

  it('retries a webhook answering 500 with backoff and succeeds on the third attempt', async () => {
    slack.failNext = 2;
    const result = await report(undefined, [createSlackPublisher(slack.url, fastRetry)]);
    expect(result.publishResults[0]).toEqual({ publisher: 'slack', ok: true, attempts: 3, errors: ['HTTP 500 (internal_error)', 'HTTP 500 (internal_error)'] });
    expect(result.status).toBe('succeeded');
    expect(slack.requests).toHaveLength(1);
  });

  it('does not retry a webhook that refuses the request (4xx) and reports it', async () => {
    slack.failNext = 5;
    slack.failStatus = 404;
    const result = await report(undefined, [createSlackPublisher(slack.url, fastRetry)]);
    expect(result.publishResults[0]).toMatchObject({ ok: false, attempts: 1 });
  });

  it('reports a webhook that is down after every retry, keeps the secret URL out of the error, and still writes the report', async () => {
    const url = slack.url;
    await slack.close();
    const result = await report(undefined, [createSlackPublisher(url, fastRetry)]);
    expect(result.publishResults[0]).toMatchObject({ publisher: 'slack', ok: false, attempts: 3 });
    expect(result.publishResults[0]!.errors).toEqual(['webhook unreachable (ECONNREFUSED)', 'webhook unreachable (ECONNREFUSED)', 'webhook unreachable (ECONNREFUSED)']);
    expect(JSON.stringify(result.publishResults)).not.toContain('XXXXSECRET');
    expect(result.status).toBe('partial');
    expect(await readdir(result.dir)).toContain('report.html');
    const [run] = await listRuns(store, { kind: 'report' });
    expect(run).toMatchObject({ status: 'partial' });
    expect((run!.detail as { publishers: { ok: boolean }[] }).publishers[0]!.ok).toBe(false);
  });
});

describe('SMTP e-mail publisher', () => {
  const settings = () => ({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'headroom@example.com', to: ['eng-managers@example.com', 'finance@example.com'] });

  it('sends the HTML page inline with the Markdown as the text part to every recipient', async () => {
    const result = await report(undefined, [createEmailPublisher(settings(), fastRetry)]);
    expect(result.publishResults).toEqual([{ publisher: 'email', ok: true, attempts: 1, errors: [] }]);
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.from).toBe('headroom@example.com');
    expect(mail.to).toEqual(['eng-managers@example.com', 'finance@example.com']);
    expect(mail.data).toMatch(/^Subject: Headroom weekly report 2026-W46$/m);
    expect(mail.data).toMatch(/Content-Type: text\/html/);
    expect(mail.data).toMatch(/Content-Type: text\/plain/);
    expect(mail.data.replace(/=\r\n/g, '')).toContain('Weekly capacity and cost report');
  });

  it('retries after a temporary SMTP failure (451) and delivers once', async () => {
    smtp.failNext = 1;
    const result = await report(undefined, [createEmailPublisher(settings(), fastRetry)]);
    expect(result.publishResults[0]).toMatchObject({ ok: true, attempts: 2 });
    expect(result.publishResults[0]!.errors[0]).toMatch(/^SMTP 127\.0\.0\.1:\d+: 451/);
    expect(smtp.messages).toHaveLength(1);
  });

  it('reports an SMTP server that is down, and the other publishers still deliver', async () => {
    const port = smtp.port;
    await smtp.close();
    const result = await report(undefined, [createEmailPublisher({ ...settings(), port }, fastRetry), createSlackPublisher(slack.url, fastRetry)]);
    expect(result.publishResults.map((r) => [r.publisher, r.ok, r.attempts])).toEqual([['email', false, 3], ['slack', true, 1]]);
    expect(result.publishResults[0]!.errors[0]).toMatch(/ECONNREFUSED/);
    expect(result.status).toBe('partial');
  });
});

describe('publishers from the config', () => {
  it('reads the webhook URL from the environment variable the config names and delivers to Slack and e-mail', async () => {
    process.env.HEADROOM_TEST_SLACK_URL = slack.url;
    try {
      const config = validateConfig({
        report: {
          slack: { webhookUrl: { env: 'HEADROOM_TEST_SLACK_URL' } },
          email: { to: ['team@example.com'], from: 'headroom@example.com', smtp: { host: '127.0.0.1', port: smtp.port } },
        },
      });
      const result = await report(config);
      expect(result.publishResults.map((r) => [r.publisher, r.ok])).toEqual([['slack', true], ['email', true]]);
      expect(slack.requests).toHaveLength(1);
      expect(smtp.messages).toHaveLength(1);
    } finally {
      delete process.env.HEADROOM_TEST_SLACK_URL;
    }
  });

  it('turns an unset secret into a reported publisher failure, not a lost report', async () => {
    const config = validateConfig({ report: { slack: { webhookUrl: { env: 'HEADROOM_TEST_UNSET_VAR' } } } });
    const result = await report(config);
    expect(result.publishResults).toEqual([{ publisher: 'slack', ok: false, attempts: 0, errors: ['report.slack.webhookUrl: environment variable HEADROOM_TEST_UNSET_VAR is not set'] }]);
    expect(await readdir(result.dir)).toContain('report.json');
  });
});
