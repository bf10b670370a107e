import type { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { HttpClient } from './http-client.js';
import type { HttpClientOptions } from './http-client.options.js';
import { type CircuitStateName, OUTBOUND_METRICS, type OutboundMetrics, noOutboundMetrics } from './outbound-metrics.js';

/** One client's circuit, as a health check reports it. */
export interface CircuitReport {
  readonly name: string;
  readonly state: CircuitStateName;
}

/**
 * Every outbound HTTP client of the app, one per service: makes them from their options and
 * AppConfig.outbound, and lists their circuits. A service is registered once, so that its
 * calls share one breaker (two breakers for one upstream would each see half its failures).
 */
@Injectable()
export class HttpClients {
  private readonly clients = new Map<string, HttpClient>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // MetricsModule's, unless METRICS_ENABLED=false.
    @Optional() @Inject(OUTBOUND_METRICS) private readonly metrics: OutboundMetrics = noOutboundMetrics,
  ) {}

  create(options: HttpClientOptions, http: HttpService): HttpClient {
    if (this.clients.has(options.name)) {
      throw new Error(`the HTTP client "${options.name}" is registered twice; register it once and export it from its module`);
    }
    const { outbound } = this.config;
    const timeoutMs = options.timeoutMs ?? outbound.timeoutMs;
    // A client that sets its own budget (a slow service) lets one attempt take all of it.
    const attemptTimeoutMs = options.attemptTimeoutMs ?? (options.timeoutMs === undefined ? outbound.attemptTimeoutMs : timeoutMs);
    if (attemptTimeoutMs > timeoutMs) {
      throw new Error(`the HTTP client "${options.name}": attemptTimeoutMs (${attemptTimeoutMs}) is longer than timeoutMs (${timeoutMs})`);
    }
    const client = new HttpClient({ ...outbound, name: options.name, timeoutMs, attemptTimeoutMs }, http, this.metrics);
    this.clients.set(options.name, client);
    return client;
  }

  /** Each client's name and circuit state, in the order they were made. */
  circuits(): CircuitReport[] {
    return [...this.clients.values()].map((client) => ({ name: client.name, state: client.circuitState }));
  }
}
