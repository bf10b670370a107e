import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort } from './support/eventually.js';

/** The real entry point (src/main.ts) in a process of its own: how an orchestrator sees it stop. */
describe('the process', () => {
  it('on SIGTERM answers with Connection: close while it drains, then exits 0', async () => {
    const port = await closedPort();
    const dataDir = await mkdtemp(join(tmpdir(), 'process-exit-'));
    const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SHUTDOWN_DELAY_MS: '1500', NODE_ENV: 'test', LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const child = spawn(process.execPath, ['--import', './test/support/child/register-ts.mjs', 'src/main.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    try {
      let ready = false;
      for (let i = 0; i < 120 && !ready; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(ready, stderr).toBe(true);
      const before = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(before.headers.get('connection')).toBe('keep-alive');
      child.kill('SIGTERM');
      // Still serving through SHUTDOWN_DELAY_MS, each answer telling the client to reconnect.
      let draining: Response | undefined;
      for (let i = 0; i < 40 && draining?.headers.get('connection') !== 'close'; i++) {
        draining = await fetch(`http://127.0.0.1:${port}/health/live`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(draining?.status).toBe(200);
      expect(draining?.headers.get('connection')).toBe('close');
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(503);
      expect(await exited, stderr).toEqual({ code: 0, signal: null });
    } finally {
      child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
