/**
 * CPU time from /proc: of one server process, and of every PostgreSQL process.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * Fields of /proc/<pid>/stat after the command name (which may hold spaces), from field 3.
 * @param {number | string} pid
 */
function statFields(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = text.lastIndexOf(')');
  return { comm: text.slice(text.indexOf('(') + 1, close), rest: text.slice(close + 2).split(' ') };
}

/**
 * utime + stime of one process (all its threads), in ms.
 * @param {number} pid
 */
export function processCpuMs(pid) {
  const { rest } = statFields(pid);
  // rest[0] is field 3 (state): utime is field 14, stime field 15.
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / CLK_TCK;
}

/**
 * The resident set of one process now, in MB (VmRSS of /proc/<pid>/status).
 * @param {number} pid
 */
export function processRssMb(pid) {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : null;
}

/**
 * CPU time of every PostgreSQL process on this machine, in ms, including the time of
 * backends that have exited (counted in their parent's cutime/cstime). It covers the
 * whole cluster: anything else using the server in the meantime is counted too.
 * @returns {number | null} null when no postgres process is visible (remote database)
 */
export function postgresCpuMs() {
  let ticks = 0;
  let found = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { comm, rest } = statFields(entry);
      if (comm !== 'postgres') continue;
      found = true;
      // utime, stime, cutime, cstime: fields 14-17.
      ticks += Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
    } catch {
      // the process ended while we looked
    }
  }
  return found ? (ticks * 1000) / CLK_TCK : null;
}
