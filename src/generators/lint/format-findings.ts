/** Output formats of `headroom lint`: pure functions from findings to text (the CLI writes it). */
import type { LintFinding } from './types.js';

export const lintFormats = ['text', 'json', 'github', 'checkstyle'] as const;
export type LintFormat = (typeof lintFormats)[number];

function location(f: LintFinding): string {
  return `${f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}`;
}

/** `file:line:column: level [check] where: message` — one line per finding. */
export function formatLintFinding(f: LintFinding): string {
  return `${location(f)}: ${f.level} [${f.check}] ${f.where ? `${f.where}: ` : ''}${f.message}`;
}

function githubEscape(s: string, property: boolean): string {
  const out = s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return property ? out.replace(/:/g, '%3A').replace(/,/g, '%2C') : out;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** All findings in one format; text and github end each finding with a newline. */
export function formatLintFindings(findings: LintFinding[], format: LintFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(findings.map((f) => ({ file: f.file, line: f.line ?? null, column: f.column ?? null, level: f.level, check: f.check, where: f.where, message: f.message })), null, 2)}\n`;
    case 'github':
      return findings.map((f) => {
        const command = f.level === 'info' ? 'notice' : f.level;
        const props = [`file=${githubEscape(f.file, true)}`, ...(f.line ? [`line=${f.line}`] : []), ...(f.column ? [`col=${f.column}`] : []), `title=${githubEscape(f.check, true)}`];
        return `::${command} ${props.join(',')}::${githubEscape(`${f.where ? `${f.where}: ` : ''}${f.message}`, false)}\n`;
      }).join('');
    case 'checkstyle': {
      const byFile = new Map<string, LintFinding[]>();
      for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
      const files = [...byFile].map(([file, fs]) => `  <file name="${xmlEscape(file)}">\n${fs.map((f) => `    <error${f.line ? ` line="${f.line}"` : ''}${f.column ? ` column="${f.column}"` : ''} severity="${f.level}" message="${xmlEscape(`${f.where ? `${f.where}: ` : ''}${f.message}`)}" source="headroom.${xmlEscape(f.check)}"/>\n`).join('')}  </file>\n`).join('');
      return `<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n${files}</checkstyle>\n`;
    }
    default:
      return findings.map((f) => `${formatLintFinding(f)}\n`).join('');
  }
}
