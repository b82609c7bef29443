// SLO models (pure): error budgets, burn rates and budget status from SLI event counts.
export {
  assessErrorBudget, computeErrorRatio, defaultErrorBudgetSettings,
  type ErrorBudgetAssessment, type ErrorBudgetInput, type ErrorBudgetSettings, type ErrorBudgetStatus, type SliObservation,
} from './error-budget.js';
export { budgetReasons } from './messages.js';
export { summariseFiredAlerts, type AlertSeriesSamples, type FiredAlertSummary } from './fired-alerts.js';
