/**
 * `rightsizeErrors` builds the errors themselves, ready to throw — the command line, the app and
 * the strategies no longer unpack a { message, hint } pair each in their own way.
 */
import { describe, expect, it } from 'vitest';
import { HeadroomError, formatErrorLine } from '../../../src/domain/errors.js';
import { findStrategy, parseStrategySettings, rightsizeErrors } from '../../../src/models/rightsizing/index.js';
import { parseSettingPairs } from '../../../src/app/rightsize.js';

const lineOf = (fn: () => unknown): { line: string; exitCode: number; code: string } => {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof HeadroomError)) throw err;
    return { line: formatErrorLine(err), exitCode: err.exitCode, code: err.code };
  }
  throw new Error('expected a refusal');
};

describe('rightsize errors', () => {
  it('are HeadroomErrors with the hint, exit 2: USAGE for the command line, INPUT_INVALID for settings and files', () => {
    expect(lineOf(() => { throw rightsizeErrors.badLimit('0'); })).toEqual({ line: 'error: --limit 0: expected a whole number ≥ 1 (e.g. --limit 20)', exitCode: 2, code: 'USAGE' });
    expect(lineOf(() => { throw rightsizeErrors.noPrometheus(); })).toMatchObject({ exitCode: 2, code: 'USAGE' });
    const enoent = Object.assign(new Error('gone'), { code: 'ENOENT' });
    const unreadable = rightsizeErrors.applyToUnreadable('manifests/', enoent);
    expect(unreadable).toMatchObject({ code: 'INPUT_INVALID', exitCode: 2, message: '--apply-to manifests/: cannot be read (ENOENT)', cause: enoent });
  });

  it('reach the user the same from the app\'s --set parser and the strategies\' lookup and settings check', () => {
    expect(lineOf(() => parseSettingPairs(['cpuPercentile']))).toEqual({ line: 'error: --set cpuPercentile: expected key=value (e.g. --set cpuPercentile=99 (see --help for each strategy\'s settings))', exitCode: 2, code: 'INPUT_INVALID' });
    expect(lineOf(() => findStrategy('krr'))).toEqual({ line: 'error: unknown rightsizing strategy "krr" (use one of: percentile, decaying-histogram)', exitCode: 2, code: 'INPUT_INVALID' });
    const settings = lineOf(() => parseStrategySettings(findStrategy('percentile'), { cpuPercentile: 'high' }));
    expect(settings).toMatchObject({ exitCode: 2, code: 'INPUT_INVALID' });
    expect(settings.line).toMatch(/^error: settings of strategy percentile: cpuPercentile: .* \(see `headroom rightsize --help` for each setting, its default and range\)$/);
  });
});
