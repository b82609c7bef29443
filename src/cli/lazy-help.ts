/**
 * Help text that needs a heavy module (the forecast registry, zod schemas of the rightsizing
 * strategies) is loaded only when help is shown: `headroom --version` and `headroom lint FILE`
 * must not pay for every command's dependencies. A command registers a loader and gets back a
 * function for commander's `addHelpText`; `main` awaits `loadLazyHelp()` when help is asked for.
 */
export class LazyHelp {
  private readonly loaders: (() => Promise<void>)[] = [];

  /** Returns a synchronous getter of the text `load` produces once `loadAll` has run. */
  text(load: () => Promise<string>): () => string {
    let text = '';
    this.loaders.push(async () => {
      text = await load();
    });
    return () => text;
  }

  async loadAll(): Promise<void> {
    await Promise.all(this.loaders.map((l) => l()));
  }
}

/** The forecast methods, for help (the registry loads every method's code). */
export async function describeForecastMethods(): Promise<string> {
  const { listForecastMethods } = await import('../models/forecast/index.js');
  return `\nForecast methods: ${listForecastMethods().join(', ')}`;
}

/** Does this command line ask for help (`--help`, `-h`, `help`, or no command at all)? */
export function asksForHelp(argv: string[]): boolean {
  const args = argv.slice(2);
  return args.length === 0 || args.includes('--help') || args.includes('-h') || args[0] === 'help';
}
