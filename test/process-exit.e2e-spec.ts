import { describe, expect, it } from 'vitest';
import { createSharedStore, startAppProcess } from './support/app-process.js';

/** The real entry point (src/main.ts) in a process of its own: how an orchestrator sees it stop. */
describe('the process', () => {
  it('on SIGTERM answers with Connection: close while it drains, then exits 0', async () => {
    const store = await createSharedStore();
    const app = await startAppProcess({ ...store.env, SHUTDOWN_DELAY_MS: '1500' });
    try {
      const before = await fetch(`${app.baseUrl}/health/live`);
      expect(before.headers.get('connection')).toBe('keep-alive');
      app.child.kill('SIGTERM');
      // Still serving through SHUTDOWN_DELAY_MS, each answer telling the client to reconnect.
      let draining: Response | undefined;
      for (let i = 0; i < 40 && draining?.headers.get('connection') !== 'close'; i++) {
        draining = await fetch(`${app.baseUrl}/health/live`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(draining?.status).toBe(200);
      expect(draining?.headers.get('connection')).toBe('close');
      expect((await fetch(`${app.baseUrl}/health/ready`)).status).toBe(503);
      expect(await app.exited, app.output().slice(-3000)).toEqual({ code: 0, signal: null });
    } finally {
      await app.stop('SIGKILL');
      await store.drop();
    }
  }, 60_000);
});
