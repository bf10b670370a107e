import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CpuReadings, CpuUsageSampler, processCpuReadings } from './cpu-usage.sampler.js';

/** Readings the test moves by hand: `at` ms on the monotonic clock, `cpu` µs of CPU used. */
function fakeReadings(start: { at: number; cpu: number; uptimeMs?: number; cpus: number }) {
  const state = { ...start, uptimeMs: start.uptimeMs ?? start.at };
  const readings: CpuReadings = {
    now: () => state.at,
    // Split between user and system: the sampler counts both.
    cpuUsage: () => ({ user: Math.floor(state.cpu / 2), system: Math.ceil(state.cpu / 2) }),
    uptimeMs: () => state.uptimeMs,
    cpus: () => state.cpus,
  };
  const advance = (wallMs: number, cpuMicros: number) => {
    state.at += wallMs;
    state.uptimeMs += wallMs;
    state.cpu += cpuMicros;
  };
  return { readings, advance };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CpuUsageSampler', () => {
  it('reports the average since the process started before the first window closes', () => {
    // 4 s of CPU over 10 s of uptime on 2 CPUs: 20 %.
    const { readings } = fakeReadings({ at: 10_000, cpu: 4_000_000, cpus: 2 });
    const sampler = new CpuUsageSampler(readings);
    expect(sampler.cpus).toBe(2);
    expect(sampler.usagePercent()).toBe(20);
  });

  it('measures the CPU used over each window, as a share of the CPUs it may use', () => {
    const { readings, advance } = fakeReadings({ at: 1_000, cpu: 700_000, cpus: 1 });
    const sampler = new CpuUsageSampler(readings);

    advance(5_000, 2_500_000);
    expect(sampler.sample()).toBe(50);
    expect(sampler.usagePercent()).toBe(50);

    // The next window starts where the last one closed: an idle one is 0.
    advance(5_000, 0);
    expect(sampler.sample()).toBe(0);
    expect(sampler.usagePercent()).toBe(0);

    advance(2_000, 250);
    expect(sampler.sample()).toBe(0); // 0.0125 %, to one decimal
    advance(2_000, 1_000);
    expect(sampler.sample()).toBe(0.1); // 0.05 %, rounded up
  });

  it('divides by the CPUs, and caps at 100', () => {
    const { readings, advance } = fakeReadings({ at: 0, cpu: 0, cpus: 4 });
    const sampler = new CpuUsageSampler(readings);
    advance(5_000, 5_000_000); // one CPU's worth of four
    expect(sampler.sample()).toBe(25);
    advance(5_000, 30_000_000); // more than four CPUs' worth (threads, rounding of the clocks)
    expect(sampler.sample()).toBe(100);
  });

  it('reports 0 for a window of no time, and before any time has passed', () => {
    const { readings } = fakeReadings({ at: 0, cpu: 1_000, cpus: 1 });
    const sampler = new CpuUsageSampler(readings);
    expect(sampler.usagePercent()).toBe(0);
    expect(sampler.sample()).toBe(0);
  });

  it('closes a window every 5 s once the module starts, and stops on shutdown', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { readings, advance } = fakeReadings({ at: 0, cpu: 0, cpus: 1 });
    const sampler = new CpuUsageSampler(readings);
    sampler.onModuleInit();

    advance(5_000, 1_000_000);
    vi.advanceTimersByTime(5_000);
    expect(sampler.usagePercent()).toBe(20);

    sampler.onApplicationShutdown();
    advance(5_000, 5_000_000);
    vi.advanceTimersByTime(5_000);
    expect(sampler.usagePercent()).toBe(20);
  });

  it('reads this process by default', () => {
    const sampler = new CpuUsageSampler();
    expect(sampler.cpus).toBe(processCpuReadings.cpus());
    expect(sampler.cpus).toBeGreaterThanOrEqual(1);
    const percent = sampler.usagePercent();
    expect(percent).toBeGreaterThanOrEqual(0);
    expect(percent).toBeLessThanOrEqual(100);
  });
});
