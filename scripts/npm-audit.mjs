/**
 * CI's dependency audit: `npm audit --omit=dev --audit-level=high`, failing on any high or
 * critical advisory of a production dependency. When the registry's audit endpoint cannot
 * answer (a mirror that serves packages but not advisories answers 405), there is nothing to
 * judge: it says so loudly and exits 0, so that an unreachable endpoint never reads as "no
 * findings" and never blocks a change for a reason that is not one.
 */
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`npm audit printed no report (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}
const counts = report.metadata?.vulnerabilities;
if (counts) {
  const serious = (counts.high ?? 0) + (counts.critical ?? 0);
  console.log(`npm audit: ${JSON.stringify(counts)}`);
  if (serious > 0) {
    for (const [name, finding] of Object.entries(report.vulnerabilities ?? {})) {
      if (finding.severity === 'high' || finding.severity === 'critical') console.error(`  ${finding.severity}: ${name} ${finding.range ?? ''}`);
    }
    process.exit(1);
  }
  process.exit(0);
}
if (report.statusCode || report.code || report.error) {
  console.warn(`npm audit: NOT CHECKED: the audit endpoint did not answer (${report.message ?? report.error?.summary ?? report.code})`);
  process.exit(0);
}
console.error(`npm audit: an answer this script does not know:\n${run.stdout.slice(0, 2000)}`);
process.exit(1);
