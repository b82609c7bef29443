/** Runs every publisher; one failing never stops the others, and nothing is dropped silently. */
import type { Publisher, PublishedReport, PublishResult } from './publisher.js';

export async function runPublishers(publishers: Publisher[], report: PublishedReport): Promise<PublishResult[]> {
  return Promise.all(publishers.map(async (p) => {
    try {
      return await p.publish(report);
    } catch (err) {
      return { publisher: p.name, ok: false, attempts: 1, errors: [err instanceof Error ? err.message : String(err)] };
    }
  }));
}
