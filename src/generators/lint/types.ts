/** What `headroom lint` reports and how a run is configured. */

export type LintLevel = 'error' | 'warning' | 'info';

/** Levels from most to least severe; `--fail-on` fails at its level and above. */
export const lintLevels: readonly LintLevel[] = ['error', 'warning', 'info'];

export interface FilePosition {
  /** 1-based line in the file as written (before any embedding or variable substitution). */
  line: number;
  /** 1-based column in that line. */
  column: number;
}

/** One problem: where it is, which check found it, how bad it is and what to do. */
export interface LintFinding {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  /** Where inside the file: `group "g", alert "A"` or `dashboard "D", panel "P"`. */
  where: string;
  /** Stable check name (`promql/syntax`, `alerts/template`…); what users disable it by. */
  check: string;
  level: LintLevel;
  message: string;
}

export interface LintOptions {
  /** Allowed severities (config `alerting.severities`); `none` is always accepted. */
  severities: string[];
  /** Checks turned off (config `lint.disable`). */
  disabledChecks?: string[];
  /** Scrape interval the `promql/rate` check compares ranges with. Default 60 s (Prometheus' default). */
  scrapeIntervalSeconds?: number;
  /** Ranges longer than this are reported by `promql/range`. Default 31 days. */
  maxRangeSeconds?: number;
  /**
   * Which label, annotation and record names are valid: `legacy` (letters, digits, `_`, and `:` in
   * record names; Prometheus 2, and 3 with `metric_name_validation_scheme: legacy`) or `utf8`
   * (any UTF-8: Prometheus 3's default). Config `lint.nameValidation`. Default legacy.
   */
  nameValidation?: 'legacy' | 'utf8';
}
