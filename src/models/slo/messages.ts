/**
 * Every sentence the error-budget model shows a user (the `reasons` of an assessment) lives here,
 * so the wording is consistent and tests assert against these functions, not copied strings.
 */

function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(1))}%`;
}

function formatTimes(x: number): string {
  return `${Number(x.toFixed(x < 10 ? 2 : 1))}×`;
}

function formatWindow(seconds: number): string {
  const days = seconds / 86_400;
  return Number.isInteger(days) ? `${days}-day` : `${Number((seconds / 3600).toFixed(1))}-hour`;
}

export const budgetReasons = {
  noEvents: (windowSeconds: number) => `no SLI events in the ${formatWindow(windowSeconds)} window: the budget cannot be judged`,
  exhausted: (remainingRatio: number, windowSeconds: number) => `error budget exhausted: ${formatPercent(1 - remainingRatio)} of the ${formatWindow(windowSeconds)} budget spent`,
  lowBudget: (remainingRatio: number, thresholdRatio: number) => `only ${formatPercent(remainingRatio)} of the error budget left (below ${formatPercent(thresholdRatio)})`,
  fastWeek: (burnRate: number, daysLeft: number | null) => `the week burned budget ${formatTimes(burnRate)} faster than sustainable${daysLeft === null ? '' : `: at that pace the rest lasts ${Number(daysLeft.toFixed(1))} days`}`,
  fastNow: (burnRate: number, pageBurnRate: number, recentSeconds: number) => `burning ${formatTimes(burnRate)} over the last ${formatWindow(recentSeconds).replace('-', ' ')} at the week's end (page threshold ${formatTimes(pageBurnRate)})`,
  healthy: (remainingRatio: number, weekBurnRate: number | null) => `${formatPercent(remainingRatio)} of the error budget left${weekBurnRate === null ? '' : `; the week burned at ${formatTimes(weekBurnRate)} the sustainable rate`}`,
  badObjective: (objectivePercent: number) => `objective ${objectivePercent}% leaves no error budget: it must be between 0 and 100 (exclusive)`,
  noWeekEvents: 'no SLI events in the report week',
  evenTrafficAssumed: 'the SLI is a raw error ratio without event counts: the week\u2019s share of the budget assumes even traffic',
};
