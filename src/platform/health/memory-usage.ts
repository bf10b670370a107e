import { totalmem } from 'node:os';

export interface MemoryUsage {
  usage_percent: number;
  rss_bytes: number;
  limit_bytes: number;
}

/**
 * The resident set of this process over the memory it may use: the container's limit
 * when a cgroup sets one (cgroup v1 or v2, as libuv reads it for
 * `process.constrainedMemory()`), else the host's total memory.
 */
export function memoryUsage(): MemoryUsage {
  const rss = process.memoryUsage.rss();
  const constrained = process.constrainedMemory();
  const host = totalmem();
  const limit = constrained > 0 && constrained < host ? constrained : host;
  return {
    usage_percent: Math.round((rss / limit) * 1000) / 10,
    rss_bytes: rss,
    limit_bytes: limit,
  };
}
