/** Describes the machine a benchmark ran on, printed with every figure (the machine is noisy: 2 shared cores). */
import os from 'node:os';

export function describeMachine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'cpu'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join('/')}`;
}

/** Peak resident set size of this process so far, bytes (Linux ru_maxrss is KiB). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
