import { describe, expect, it } from 'vitest';
import { chooseRateWindowSeconds, scrapeIntervalFromCount } from '../../../src/collectors/prometheus/index.js';

describe('scrape interval and rate window', () => {
  it('snaps sample counts that are off by one at the range edges to the configured interval', () => {
    expect(scrapeIntervalFromCount(361, 21_600)).toBe(60);
    expect(scrapeIntervalFromCount(359, 21_600)).toBe(60);
    expect(scrapeIntervalFromCount(721, 21_600)).toBe(30);
    expect(scrapeIntervalFromCount(7, 21_600)).toBe(3600);
    expect(scrapeIntervalFromCount(25, 21_600)).toBe(900);
  });

  it('keeps an unusual interval as measured, in whole seconds', () => {
    expect(scrapeIntervalFromCount(540, 21_600)).toBe(40);
  });

  it('uses a 5-minute rate window unless that would hold fewer than 4 samples', () => {
    expect(chooseRateWindowSeconds(15)).toBe(300);
    expect(chooseRateWindowSeconds(60)).toBe(300);
    expect(chooseRateWindowSeconds(75)).toBe(300);
    expect(chooseRateWindowSeconds(120)).toBe(480);
    expect(chooseRateWindowSeconds(300)).toBe(1200);
    for (const s of [10, 30, 60, 90, 120, 300, 900]) expect(chooseRateWindowSeconds(s) / s).toBeGreaterThanOrEqual(4);
  });
});
