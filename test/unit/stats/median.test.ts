import { describe, expect, it } from 'vitest';
import { median } from '../../../src/models/stats/index.js';

describe('the models\' one median', () => {
  it('is the middle value of an odd count and the mean of the two middle values of an even count, in any order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median(Float64Array.from([60_000, 15_000, 15_000, 15_000]))).toBe(15_000);
  });

  it('leaves out NaN and infinities (gaps, unknown sizes) instead of sorting them into the middle', () => {
    expect(median([8, Number.NaN, 4])).toBe(6);
    expect(median([Number.NaN, 2, Number.POSITIVE_INFINITY, 4, Number.NEGATIVE_INFINITY, 6])).toBe(4);
  });

  it('is NaN with no finite value, which callers test to fall back', () => {
    expect(median([])).toBeNaN();
    expect(median([Number.NaN, Number.NaN])).toBeNaN();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
