import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../../src/server/deps.js';

/** A version source the test answers by hand, to look at the cache while a check is pending. */
function manualVersion(initial: string) {
  let current = initial;
  const pending: ((v: string) => void)[] = [];
  return {
    set: (v: string) => { current = v; },
    version: () => new Promise<string>((resolve) => pending.push(resolve)),
    answer: () => { for (const resolve of pending.splice(0)) resolve(current); },
  };
}

describe('ReadCache', () => {
  it('loads a key once for concurrent reads and serves later reads from memory', async () => {
    const cache = new ReadCache();
    let loads = 0;
    const load = async () => ++loads;
    const values = await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    expect(values).toEqual([1, 1, 1]);
    expect(await cache.get('k', load)).toBe(1);
    expect(loads).toBe(1);
  });

  it('does not keep a failed load: the next read tries again', async () => {
    const cache = new ReadCache();
    await expect(cache.get('k', async () => { throw new Error('store down'); })).rejects.toThrow('store down');
    expect(await cache.get('k', async () => 'ok')).toBe('ok');
  });

  it('serves a hit at once while the version check is pending, and drops entries only when the version changed', async () => {
    let nowMs = 0;
    const source = manualVersion('v1');
    const cache = new ReadCache({ revalidateMs: 1_000, version: source.version, clock: () => nowMs });
    const primed = cache.revalidate();
    source.answer();
    await primed;
    let loads = 0;
    const load = async () => `body${++loads}`;
    expect(await cache.get('k', load)).toBe('body1');

    // Past the interval, a read starts a check but does not wait for it.
    nowMs = 1_500;
    expect(await cache.get('k', load)).toBe('body1');
    source.answer();
    await cache.revalidate();
    expect(await cache.get('k', load)).toBe('body1');
    expect(loads).toBe(1);

    // A run was written: the next check drops the entry, and the read after it loads again.
    source.set('v2');
    nowMs = 3_000;
    expect(await cache.get('k', load)).toBe('body1');
    source.answer();
    await cache.revalidate();
    expect(await cache.get('k', load)).toBe('body2');
  });

  it('checks no more often than the interval however many reads come', async () => {
    let nowMs = 0;
    let checks = 0;
    const cache = new ReadCache({ revalidateMs: 1_000, version: async () => { checks++; return 'v'; }, clock: () => nowMs });
    await cache.revalidate();
    for (let i = 0; i < 100; i++) {
      nowMs += 50;
      await cache.get('k', async () => 1);
    }
    // 5,000 ms of reads: one check per second, plus the priming one.
    expect(checks).toBe(1 + 5);
  });

  it('forgets everything on invalidate() and, without a version source, after the interval', async () => {
    let nowMs = 0;
    const cache = new ReadCache({ revalidateMs: 1_000, clock: () => nowMs });
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('a', load);
    cache.invalidate();
    expect(await cache.get('a', load)).toBe(2);
    nowMs = 999;
    expect(await cache.get('a', load)).toBe(2);
    nowMs = 1_001;
    expect(await cache.get('a', load)).toBe(3);
  });

  it('starts over past its cap on distinct keys (query strings are user input)', async () => {
    const cache = new ReadCache({ maxEntries: 3 });
    let loads = 0;
    const load = async () => ++loads;
    for (const k of ['a', 'b', 'c', 'd']) await cache.get(k, load);
    expect(await cache.get('d', load)).toBe(4);
    expect(await cache.get('a', load)).toBe(5);
  });
});
