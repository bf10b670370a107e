import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit, Optional } from '@nestjs/common';

const WINDOW_MS = 5_000;

/** What the sampler reads: the clocks and the CPU count. Tests pass fake readings. */
export interface CpuReadings {
  /** A monotonic clock, in ms. */
  now(): number;
  /** CPU time this process has used since it started, in µs (as `process.cpuUsage()`). */
  cpuUsage(): { user: number; system: number };
  /** How long this process has run, in ms. */
  uptimeMs(): number;
  /** The CPUs this process may use. */
  cpus(): number;
}

/** Optional injection token for CpuReadings; unbound in the app, which uses the process's own. */
export const CPU_READINGS = Symbol('CpuReadings');

export const processCpuReadings: CpuReadings = {
  now: () => Number(process.hrtime.bigint()) / 1e6,
  cpuUsage: () => process.cpuUsage(),
  uptimeMs: () => process.uptime() * 1000,
  cpus: () => Math.max(1, Math.min(availableParallelism(), cgroupCpuLimit() ?? Infinity)),
};

/**
 * This process's CPU time over the last 5 s window, as a percentage of the CPUs it may
 * use: the host's, or fewer when a cgroup quota (`cpu.max`) says so. 100 means every
 * allowed CPU was busy with this process. Before the first window ends it reports the
 * average since the process started. One timer, one `process.cpuUsage()` per window:
 * reading it costs nothing.
 */
@Injectable()
export class CpuUsageSampler implements OnModuleInit, OnApplicationShutdown {
  readonly cpus: number;
  private last: { at: number; cpuMicros: number };
  private lastPercent: number | undefined;
  private timer?: NodeJS.Timeout;

  constructor(@Optional() @Inject(CPU_READINGS) private readonly readings: CpuReadings = processCpuReadings) {
    this.cpus = readings.cpus();
    this.last = this.read();
  }

  onModuleInit(): void {
    this.timer = setInterval(() => this.sample(), WINDOW_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Closes the current window and starts the next; returns the closed window's usage. */
  sample(): number {
    const now = this.read();
    this.lastPercent = this.percentOf(now.cpuMicros - this.last.cpuMicros, now.at - this.last.at);
    this.last = now;
    return this.lastPercent;
  }

  usagePercent(): number {
    if (this.lastPercent !== undefined) return this.lastPercent;
    const total = this.readings.cpuUsage();
    return this.percentOf(total.user + total.system, this.readings.uptimeMs());
  }

  private read(): { at: number; cpuMicros: number } {
    const usage = this.readings.cpuUsage();
    return { at: this.readings.now(), cpuMicros: usage.user + usage.system };
  }

  private percentOf(cpuMicros: number, wallMs: number): number {
    if (wallMs <= 0) return 0;
    return Math.min(100, Math.round((cpuMicros / 1000 / wallMs / this.cpus) * 1000) / 10);
  }
}

/** CPUs allowed by a cgroup v2 quota ("200000 100000" is 2), or undefined when unlimited or unreadable. */
function cgroupCpuLimit(): number | undefined {
  try {
    const [quota, period] = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(/\s+/);
    if (!quota || quota === 'max' || !period) return undefined;
    return Math.ceil(Number(quota) / Number(period)) || undefined;
  } catch {
    return undefined;
  }
}
