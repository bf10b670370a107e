import 'reflect-metadata';
import { createApp } from './app.factory.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigError, loadConfig } from './config/load-config.js';

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`config: ${problem}\n`);
    process.exit(1);
  }
}

const config = configOrExit();
const app = await createApp(config);

// Nest closes the app on these signals. On SIGTERM /health/ready answers 503 at once and
// the server keeps serving for SHUTDOWN_DELAY_MS, so that load balancers stop sending
// traffic (HealthModule); then the server closes (requests on open connections get 503,
// in-flight ones finish) and the pool closes. This bounds how long all of it may take.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    setTimeout(() => {
      process.stderr.write(`shutdown took over ${config.http.shutdownTimeoutMs} ms; exiting\n`);
      process.exit(1);
    }, config.http.shutdownTimeoutMs).unref();
  });
}

await app.listen({ port: config.http.port, host: config.http.host });
