import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../../src/cli/main.js';
import type { CliContext } from '../../../src/cli/context.js';
import { optionVocabulary } from '../../../src/cli/vocabulary.js';
import { LazyHelp } from '../../../src/cli/lazy-help.js';
import { silentLogger } from '../../../src/util/logger.js';

const ctx = {
  config: () => Promise.reject(new Error('not used')),
  configPath: undefined,
  logger: silentLogger(),
  progress: { start: () => undefined, step: () => undefined, done: () => undefined },
  nowMs: () => 0,
  stdout: process.stdout,
  help: new LazyHelp(),
} as unknown as CliContext;

const program = buildProgram(ctx);
const commands = program.commands as Command[];
beforeAll(() => ctx.help.loadAll());

/** The long option names a --help text shows (`-c, --config <file>` → `--config`). */
function helpOptionNames(help: string): string[] {
  const section = help.split(/^Options:$/m)[1]?.split(/^\S/m)[0] ?? '';
  return [...section.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!);
}

describe('the command-line vocabulary', () => {
  it('every command has help to walk', () => {
    expect(commands.map((c) => c.name())).toEqual(expect.arrayContaining(['collect', 'rightsize', 'doctor', 'costs', 'commitments', 'capacity', 'report', 'generate', 'lint', 'serve', 'import', 'demo', 'sample', 'forecast', 'backtest']));
  });

  it('every option in every command\'s --help is a documented name', () => {
    const outside: string[] = [];
    for (const cmd of [program, ...commands]) {
      const names = helpOptionNames(cmd.helpInformation());
      expect(names.length, `${cmd.name()} --help lists options`).toBeGreaterThan(0);
      for (const name of names) if (!(name in optionVocabulary)) outside.push(`${cmd.name()} ${name}`);
    }
    expect(outside, 'add the name to src/cli/vocabulary.ts, or reuse a documented one').toEqual([]);
  });

  it('the old names of the window and output directory stay accepted but out of help', () => {
    const hidden = new Map<string, string[]>();
    for (const cmd of commands) {
      const help = helpOptionNames(cmd.helpInformation());
      const all = cmd.options.map((o) => o.long!);
      const notShown = all.filter((n) => !help.includes(n));
      if (notShown.length) hidden.set(cmd.name(), notShown);
    }
    expect(Object.fromEntries(hidden)).toEqual({
      collect: ['--since'],
      doctor: ['--history'],
      rightsize: ['--history'],
      costs: ['--days'],
      commitments: ['--lookback'],
      demo: ['--out', '--days'],
      sample: ['--days'],
      generate: ['--out'],
      report: ['--out'],
    });
  });

  it('every command that offers --format offers table, json and csv, table by default (forecast: CSV, its contract)', () => {
    // Two commands whose output is not a report: generate's --format picks the SLO rule-file flavour
    // (rules | prometheusrule, issue 15) and lint's the findings format CI systems read
    // (text | json | github | checkstyle, issue 16). Both are documented in the README.
    const notReports: Record<string, string[]> = { generate: ['rules', 'prometheusrule'], lint: ['text', 'json', 'github', 'checkstyle'] };
    for (const cmd of commands) {
      const format = cmd.options.find((o) => o.long === '--format');
      if (!format) continue;
      if (notReports[cmd.name()]) {
        expect(format.argChoices ?? notReports[cmd.name()], cmd.name()).toEqual(notReports[cmd.name()]);
        continue;
      }
      const choices = /output format: ([a-z|]+)/.exec(format.description)?.[1]?.split('|') ?? [];
      expect(choices, cmd.name()).toEqual(expect.arrayContaining(['table', 'json', 'csv']));
      // `forecast --input IN.csv --horizon N --output OUT.csv` writes the CSV: a contract in DESIGN.md.
      expect(format.defaultValue, cmd.name()).toBe(cmd.name() === 'forecast' ? 'csv' : 'table');
    }
  });

  it('every command that reads history or a time range takes --window and --at, and --store where it touches the store', () => {
    // capacity plans from stored collections, whose windows are set by `collect --window`: it takes
    // the end (--at) only. lint's live mode looks back --window from now (its --at is lint's owner's).
    // report reads one ISO --week. forecast and backtest read a CSV's whole history.
    const expected: Record<string, string[]> = {
      collect: ['--window', '--at', '--store'], rightsize: ['--window', '--at', '--store'], doctor: ['--window', '--at'],
      capacity: ['--at', '--store'], costs: ['--window', '--at', '--store'], commitments: ['--window', '--at', '--store'],
      report: ['--week', '--store'], import: ['--window', '--at', '--store'], serve: ['--store'], lint: ['--window'], sample: ['--window', '--at'],
    };
    for (const cmd of commands) {
      const names = cmd.options.map((o) => o.long!);
      for (const name of expected[cmd.name()] ?? []) expect(names, cmd.name()).toContain(name);
    }
  });

  it('every command with a table|json|csv report writes it to --output FILE; directories are --out-dir', () => {
    for (const cmd of commands) {
      const names = cmd.options.map((o) => o.long!);
      const format = cmd.options.find((o) => o.long === '--format');
      if (format && /output format: [a-z|]*\bcsv\b/.test(format.description)) expect(names, cmd.name()).toContain('--output');
      for (const o of cmd.options) if (/<dir>/.test(o.flags) && !o.hidden) expect([o.long, cmd.name()]).toEqual([expect.stringMatching(/^--(out-dir|patches|apply-to|alerts-dir|slos-dir|slos)$/), cmd.name()]);
    }
  });

  it('the README documents every shared option once, in its options table', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const table = readme.split('## Options')[1]?.split('\n## ')[0] ?? '';
    for (const [name, entry] of Object.entries(optionVocabulary)) {
      if (entry.shared) expect(table, name).toMatch(new RegExp(`^\\| \`${name}[ \`]`, 'm'));
    }
  });

  it('names every option arriving with other branches already', () => {
    for (const name of ['--cluster', '--fail-on', '--fx', '--replace-smaller', '--prometheus-url', '--frequency', '--by']) expect(optionVocabulary).toHaveProperty([name]);
  });
});
