import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CpuUsageSampler } from './cpu-usage.sampler.js';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('CpuUsageSampler', () => {
  it('reports the average since start before the first window closes', () => {
    const sampler = new CpuUsageSampler();
    expect(sampler.cpus).toBeGreaterThanOrEqual(1);
    expect(sampler.usagePercent()).toBeGreaterThan(0);
    expect(sampler.usagePercent()).toBeLessThanOrEqual(100);
  });

  it('measures the CPU this process used over the last window', async () => {
    const sampler = new CpuUsageSampler();
    sampler.sample();
    await sleep(200);
    const idle = sampler.sample();
    busy(200);
    const working = sampler.sample();
    expect(working).toBeGreaterThan(idle);
    expect(working).toBeLessThanOrEqual(100);
    expect(sampler.usagePercent()).toBe(working);
  });
});
