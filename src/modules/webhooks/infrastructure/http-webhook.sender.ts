import { performance } from 'node:perf_hooks';
import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger, type OnModuleInit, Optional } from '@nestjs/common';
import { isAxiosError } from 'axios';
import { firstValueFrom } from 'rxjs';
import { logExternalApiCall } from '../../../platform/http-client/external-api-call.js';
import { OUTBOUND_METRICS, type OutboundMetrics, noOutboundMetrics } from '../../../platform/http-client/outbound-metrics.js';
import { type Outcome, outcomeOfNoAnswer, outcomeOfStatus } from '../../../platform/http-client/outbound-outcome.js';
import { traceHeaders } from '../../../platform/http-client/trace-headers.js';
import type { WebhookAnswer, WebhookRequest, WebhookSender } from '../application/ports/webhook-sender.js';

/** The `service` of webhook calls in logs and metrics. */
export const WEBHOOK_SERVICE = 'webhooks';

/**
 * Posts deliveries through @nestjs/axios (the module's HttpModule: WEBHOOK_TIMEOUT_MS, no
 * redirect, every status an answer, the guarded DNS lookup). One attempt per run: the
 * queue's backoff retries, and a subscriber that keeps failing is disabled, so there is no
 * breaker across subscribers. Logged as `external_api_call` and counted like every outbound call.
 */
@Injectable()
export class HttpWebhookSender implements WebhookSender, OnModuleInit {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly http: HttpService,
    // MetricsModule's, unless METRICS_ENABLED=false.
    @Optional() @Inject(OUTBOUND_METRICS) private readonly metrics: OutboundMetrics = noOutboundMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics.register(WEBHOOK_SERVICE);
  }

  async post({ url, body, headers, attempt }: WebhookRequest): Promise<WebhookAnswer> {
    const started = performance.now();
    const endpoint = endpointOf(url);
    let answer: WebhookAnswer;
    let outcome: Exclude<Outcome, 'circuit_open'>;
    let errorCode: string | undefined;
    try {
      const response = await firstValueFrom(
        this.http.post(url, body, {
          headers: { 'content-type': 'application/json', 'user-agent': 'process-todo-webhooks/1', ...headers, ...traceHeaders() },
        }),
      );
      answer = { statusCode: response.status };
      outcome = outcomeOfStatus(response.status);
    } catch (error) {
      errorCode = isAxiosError(error) ? error.code : undefined;
      outcome = outcomeOfNoAnswer(errorCode);
      const reason = outcome === 'timeout' ? 'no answer within WEBHOOK_TIMEOUT_MS' : error instanceof Error ? error.message : String(error);
      answer = { statusCode: null, error: reason.slice(0, 300) };
    }
    this.metrics.attempt(WEBHOOK_SERVICE, outcome);
    this.metrics.call(WEBHOOK_SERVICE, outcome, (performance.now() - started) / 1000);
    logExternalApiCall(this.logger, { service: WEBHOOK_SERVICE, endpoint, method: 'POST', statusCode: answer.statusCode, started, attempt, outcome, errorCode });
    return answer;
  }
}

/** The URL without its query (which may carry a subscriber's token) or fragment. */
function endpointOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
