/** Every user-facing message of the forecast and backtest commands, in one place. */
export const forecastMessages = {
  horizon: (text: string) => `--horizon ${text}: expected a whole number of steps from 1 to 100000`,
  horizonHint: 'e.g. --horizon 168 for a week of hourly steps',
  levels: (text: string) => `--levels ${text}: expected comma-separated percentages between 0 and 100, e.g. 80,95`,
  levelsHint: 'e.g. --levels 80,95',
  method: (name: string, known: readonly string[]) => `--method ${name}: unknown forecast method (known: ${known.join(', ')})`,
  methodHint: 'omit --method for auto, the default combination',
  periods: (text: string) => `--seasonal-periods ${text}: expected comma-separated whole numbers of steps ≥ 2, e.g. 24,168`,
  periodsHint: 'hourly data defaults to 24,168',
  origins: (text: string) => `--origins ${text}: expected a whole number from 1 to 50`,
  seriesFailed: (name: string, reason: string) => `series "${name}" was not forecast: ${reason}`,
  someSeriesFailed: (count: number, total: number) => `${count} of ${total} series could not be forecast (see the warnings above); the others were written`,
  someSeriesFailedHint: 'fix or remove those series in the input',
  forecastDone: (series: number, horizon: number, output: string) => `forecast ${series} series × ${horizon} steps → ${output}`,
  noTestMatch: (path: string) => `${path}: no series matches a series of the input`,
  noTestMatchHint: 'the test CSV must use the same series names as --input',
} as const;
