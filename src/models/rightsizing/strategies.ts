/** The strategy registry, and the help text built from each strategy's typed settings. */
import { z } from 'zod';
import { decayingHistogramStrategy } from './decaying-histogram-strategy.js';
import { rightsizeErrors } from './messages.js';
import { percentileStrategy } from './percentile-strategy.js';
import type { RightsizingStrategy } from './strategy.js';

export const rightsizingStrategies: readonly RightsizingStrategy[] = [percentileStrategy, decayingHistogramStrategy] as RightsizingStrategy[];

/**
 * The default, chosen by evaluating both strategies on the sample's ground truth
 * (test/unit/rightsizing/strategy-evaluation.test.ts prints the figures).
 */
export const defaultStrategyName = 'percentile';

export function findStrategy(name: string): RightsizingStrategy {
  const strategy = rightsizingStrategies.find((s) => s.name === name);
  if (!strategy) {
    throw rightsizeErrors.unknownStrategy(name, rightsizingStrategies.map((s) => s.name));
  }
  return strategy;
}

/** Validates settings for a strategy; every problem is listed with its key. */
export function parseStrategySettings(strategy: RightsizingStrategy, raw: Record<string, unknown>): unknown {
  const result = strategy.settingsSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`);
  throw rightsizeErrors.badSettings(strategy.name, problems);
}

/** Lines for `--help`: every strategy, its description, and each setting with its description. */
export function describeStrategies(): string {
  const lines: string[] = ['Strategies (--strategy NAME, settings with --set key=value):'];
  for (const s of rightsizingStrategies) {
    lines.push(`  ${s.name} (v${s.version})${s.name === defaultStrategyName ? ' [default]' : ''}: ${s.description}`);
    const json = z.toJSONSchema(s.settingsSchema, { io: 'input' }) as { properties?: Record<string, { description?: string }> };
    for (const [key, prop] of Object.entries(json.properties ?? {})) lines.push(`      ${key}: ${prop.description ?? ''}`);
  }
  return lines.join('\n');
}
