import { describe, expect, it } from 'vitest';
import { formatGoG, renderAlertTemplate } from '../../../src/generators/rules/go-template.js';

// Expected strings are what Go's fmt and Prometheus' template functions print for the same values.
describe('alert template rendering for promtool expectations', () => {
  it('formats like Go %.4g', () => {
    expect(formatGoG(95.00000000000001)).toBe('95');
    expect(formatGoG(6)).toBe('6');
    expect(formatGoG(1234567)).toBe('1.235e+06');
    expect(formatGoG(0.000012345)).toBe('1.234e-05');
    expect(formatGoG(0.5)).toBe('0.5');
    expect(formatGoG(62.5)).toBe('62.5');
  });

  it('renders labels, humanize functions and printf', () => {
    const labels = { namespace: 'shop', pod: 'api-1' };
    expect(renderAlertTemplate('{{ $labels.namespace }}/{{ $labels.pod }} at {{ $value | humanizePercentage }}', labels, 0.625)).toBe('shop/api-1 at 62.5%');
    expect(renderAlertTemplate('{{ $value | humanize }}', {}, 1500)).toBe('1.5k');
    expect(renderAlertTemplate('{{ $value | humanize }}', {}, 0.0025)).toBe('2.5m');
    expect(renderAlertTemplate('{{ $value | humanize1024 }}B', {}, 4 * 1024 ** 3)).toBe('4GiB');
    expect(renderAlertTemplate('{{ $value | humanizeDuration }}', {}, 98400)).toBe('1d 3h 20m 0s');
    expect(renderAlertTemplate('{{ $value | humanizeDuration }}', {}, 59)).toBe('59s');
    expect(renderAlertTemplate('{{ printf "%.2f" $value }}', {}, 1)).toBe('1.00');
    expect(renderAlertTemplate('{{ $labels.missing }}', {}, 1)).toBe('');
  });

  it('refuses template actions it cannot reproduce, so a test never expects the wrong text', () => {
    expect(() => renderAlertTemplate('{{ range $labels }}x{{ end }}', {}, 1)).toThrow(/unsupported template action/);
  });
});
