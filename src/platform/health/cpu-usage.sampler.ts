import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';

const WINDOW_MS = 5_000;

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
  private last = { at: performance.now(), usage: process.cpuUsage() };
  private lastPercent: number | undefined;
  private timer?: NodeJS.Timeout;

  constructor() {
    this.cpus = Math.max(1, Math.min(availableParallelism(), cgroupCpuLimit() ?? Infinity));
  }

  onModuleInit(): void {
    this.timer = setInterval(() => this.sample(), WINDOW_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Closes the current window and starts the next; returns the closed window's usage. */
  sample(): number {
    const at = performance.now();
    const used = process.cpuUsage(this.last.usage);
    this.lastPercent = this.percentOf(used.user + used.system, at - this.last.at);
    this.last = { at, usage: process.cpuUsage() };
    return this.lastPercent;
  }

  usagePercent(): number {
    if (this.lastPercent !== undefined) return this.lastPercent;
    const total = process.cpuUsage();
    return this.percentOf(total.user + total.system, process.uptime() * 1000);
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
