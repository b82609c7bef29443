/** What route plugins share: the store, read caches, the job scheduler and the metrics. */
import type { Store } from '../store/index.js';
import type { Scheduler } from '../app/scheduler.js';
import type { Logger } from '../util/logger.js';
import type { HeadroomMetrics } from './metrics.js';

export interface ServerDeps {
  store: Store;
  /** Directory published reports live in (`<reportsDir>/<week>/report.html`). */
  reportsDir: string;
  scheduler: Scheduler | null;
  token: string | null;
  nowMs: () => number;
  logger: Logger;
  metrics: HeadroomMetrics;
  cache: ReadCache;
}

/**
 * Results of the latest runs change only when a run finishes, yet are read on every request:
 * a short-lived cache keeps hot endpoints off the store (invalidated when a job finishes).
 */
export class ReadCache {
  private readonly entries = new Map<string, { expiresMs: number; value: Promise<unknown> }>();
  constructor(private readonly ttlMs = 5_000, private readonly clock: () => number = () => Date.now(), private readonly maxEntries = 1_000) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    // Bounded: query strings are user input; past the cap the cache starts over.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.expiresMs > now) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { expiresMs: now + this.ttlMs, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  invalidate(): void {
    this.entries.clear();
  }
}
