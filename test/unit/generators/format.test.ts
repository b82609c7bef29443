import { describe, expect, it } from 'vitest';
import { formatDurationSeconds, formatNumber, parseDurationSeconds, renderJson, renderYaml } from '../../../src/generators/format.js';
import { generatedMarker } from '../../../src/domain/conventions.js';

describe('generator number and text formatting', () => {
  it('prints numbers without float noise', () => {
    expect(formatNumber(0.9990000000000001)).toBe('0.999');
    expect(formatNumber(1 - 0.999)).toBe('0.001');
    expect(formatNumber(0.02 * 720)).toBe('14.4');
    expect(formatNumber(0.1 * 28 / 3)).toBe('0.933333333333');
    expect(formatNumber(17179869184)).toBe('17179869184');
  });

  it('starts every YAML file with the generated marker and keeps key order as built', () => {
    const text = renderYaml({ b: 1, a: { d: 0.30000000000000004, c: 'x' } });
    expect(text.split('\n')[0]).toBe(`# ${generatedMarker}`);
    expect(text).toContain('b: 1\na:\n  d: 0.3\n  c: x\n');
  });

  it('sorts JSON keys at every depth so builder call order does not matter', () => {
    expect(renderJson({ b: [{ z: 1, y: 2 }], a: 0.1 + 0.2 })).toBe('{\n  "a": 0.3,\n  "b": [\n    {\n      "y": 2,\n      "z": 1\n    }\n  ]\n}\n');
  });

  it('round-trips Prometheus durations', () => {
    expect(parseDurationSeconds('1h30m')).toBe(5400);
    expect(parseDurationSeconds('30d')).toBe(2592000);
    expect(parseDurationSeconds('5 m')).toBeUndefined();
    expect(formatDurationSeconds(5400)).toBe('1h30m');
    expect(formatDurationSeconds(259200)).toBe('3d');
    expect(formatDurationSeconds(1209600)).toBe('2w');
  });
});
