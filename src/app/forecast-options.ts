/** Parsing of the forecast and backtest commands' flags into validated values (errors name the flag). */
import { HeadroomError } from '../domain/errors.js';
import { forecastFrequencies, type ForecastFrequency } from '../domain/index.js';
import { listForecastMethods } from '../models/forecast/index.js';
import { forecastMessages as msg } from './forecast-messages.js';

export function parseHorizon(text: string): number {
  const horizon = Number(text);
  if (!/^\d+$/.test(text.trim()) || horizon < 1 || horizon > 100_000) throw new HeadroomError('USAGE', msg.horizon(text), { hint: msg.horizonHint });
  return horizon;
}

export function parseLevels(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const levels = parts.map(Number);
  if (parts.some((p) => p === '') || levels.some((l) => !(l > 0 && l < 100)) || new Set(levels).size !== levels.length) throw new HeadroomError('USAGE', msg.levels(text), { hint: msg.levelsHint });
  return levels;
}

export function parseMethod(name: string): string {
  const known = listForecastMethods();
  if (!known.includes(name)) throw new HeadroomError('USAGE', msg.method(name, known), { hint: msg.methodHint });
  return name;
}

export function parsePeriods(text: string): number[] {
  const periods = text.split(',').map((p) => Number(p.trim()));
  if (periods.some((p) => !Number.isInteger(p) || p < 2)) throw new HeadroomError('USAGE', msg.periods(text), { hint: msg.periodsHint });
  return periods;
}

export function parseOrigins(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new HeadroomError('USAGE', msg.origins(text));
  return n;
}

export function parseFrequency(text: string): ForecastFrequency {
  if (!(text in forecastFrequencies)) throw new HeadroomError('USAGE', msg.frequency(text));
  return text as ForecastFrequency;
}
