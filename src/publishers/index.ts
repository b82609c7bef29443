// Publishers deliver a finished report (Slack webhook, SMTP e-mail). The dated directory itself is
// written atomically by src/app/report.ts; publishers run after it and never block it.
export type { Publisher, PublishedReport, PublishResult } from './publisher.js';
export { retryWithBackoff, type RetryOptions, type RetryResult } from './retry.js';
export { createSlackPublisher, buildSlackPayload, type SlackPayload } from './slack.js';
export { createEmailPublisher, type EmailSettings } from './email.js';
export { runPublishers } from './run-publishers.js';
