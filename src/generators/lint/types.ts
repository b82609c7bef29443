/** A lint finding: file, line when known, where in the file (group/rule/panel), and what is wrong. */
export interface LintFinding {
  file: string;
  line?: number | undefined;
  where: string;
  message: string;
}

export interface LintOptions {
  /** Allowed severities (config `alerting.severities`). */
  severities: string[];
}

/** `file:line: where: message` — one line per finding. */
export function formatLintFinding(f: LintFinding): string {
  return `${f.file}${f.line ? `:${f.line}` : ''}: ${f.where ? `${f.where}: ` : ''}${f.message}`;
}
