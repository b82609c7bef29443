/**
 * A metrics engine (Prometheus, VictoriaMetrics) started for a test and never left behind: its
 * stderr tail is kept for error messages, an exit hook kills it when the test process exits, and a
 * watchdog shell kills it when the test process dies without running exit hooks (SIGKILL, OOM).
 */
import { spawn, type ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) if (child.pid !== undefined) {
      try { process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  });
}

export interface SupervisedProcess {
  child: ChildProcess;
  /** The last 4,000 characters the process wrote to stderr. */
  stderr(): string;
  /** Stops it: `SIGTERM`, then SIGKILL after `graceMs`; or SIGKILL at once. */
  halt(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export function spawnSupervised(command: string, args: string[], graceMs: number): SupervisedProcess {
  installExitHook();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  live.add(child);
  const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${child.pid} 2>/dev/null; do sleep 1; done; kill -9 ${child.pid} 2>/dev/null`], { stdio: 'ignore', detached: true });
  watchdog.unref();
  return {
    child,
    stderr: () => stderr,
    async halt(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      live.delete(child);
      try { if (watchdog.pid) process.kill(watchdog.pid, 'SIGKILL'); } catch { /* gone */ }
    },
  };
}
