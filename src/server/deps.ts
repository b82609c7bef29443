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

export interface ReadCacheOptions {
  /** How often, at most, a read starts a background check of the store's version. Default 5,000 ms. */
  revalidateMs?: number;
  /**
   * What identifies the state of the store's results (see readRunsVersion). Entries built under an
   * older version are dropped. Without it, entries simply expire after `revalidateMs`.
   */
  version?: () => Promise<string>;
  clock?: () => number;
  /** Cap on distinct keys (query strings are user input); past it the cache starts over. Default 1,000. */
  maxEntries?: number;
}

/**
 * Results of the latest runs change only when a run is written, yet are read on every request.
 * Entries live until a run finishes (`invalidate()`, called by the scheduler's observer and
 * POST /api/v1/runs) or until the background version check sees the runs table change (a run
 * written by any other code path). A request never waits for that check: a hit is served at once,
 * while the check runs on the side; waiting would put a store query and a rebuild (~5 ms, tens of
 * ms on a busy machine) in front of every request that arrives meanwhile.
 */
export class ReadCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  private readonly revalidateMs: number;
  private readonly clock: () => number;
  private readonly maxEntries: number;
  private readonly version: (() => Promise<string>) | null;
  private knownVersion: string | null = null;
  private checkedAtMs: number;
  private checking: Promise<void> | null = null;

  constructor(options: ReadCacheOptions = {}) {
    this.revalidateMs = options.revalidateMs ?? 5_000;
    this.clock = options.clock ?? (() => Date.now());
    this.maxEntries = options.maxEntries ?? 1_000;
    this.version = options.version ?? null;
    this.checkedAtMs = this.clock();
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    this.revalidateInBackground();
    const hit = this.entries.get(key);
    if (hit) return hit as Promise<T>;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = load();
    this.entries.set(key, value);
    // A failed load is not cached; the next read tries again.
    value.catch(() => {
      if (this.entries.get(key) === value) this.entries.delete(key);
    });
    return value;
  }

  /** Drops every entry: the next read of each key loads it again. */
  invalidate(): void {
    this.entries.clear();
  }

  /**
   * Reads the store's version now (the server calls it once before it serves), so that entries
   * built from here on are checked against it. Resolves when the check is done.
   */
  revalidate(): Promise<void> {
    this.checkedAtMs = this.clock();
    if (!this.version) {
      this.entries.clear();
      return Promise.resolve();
    }
    // Entries loaded while the check runs may predate a write the check sees; the check drops them.
    this.checking ??= this.version().then(
      (v) => {
        if (v !== this.knownVersion) this.entries.clear();
        this.knownVersion = v;
      },
      () => {
        // Store unreadable: serve nothing stale, compare afresh next time.
        this.entries.clear();
        this.knownVersion = null;
      },
    ).finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private revalidateInBackground(): void {
    if (this.checking || this.clock() - this.checkedAtMs < this.revalidateMs) return;
    void this.revalidate();
  }
}
