import { HttpModule, HttpService } from '@nestjs/axios';
import { type DynamicModule, Global, Inject, Module } from '@nestjs/common';
import type { HttpClient } from './http-client.js';
import { type HttpClientOptions, problemsOf } from './http-client.options.js';
import { HttpClients } from './http-clients.js';

/**
 * What every client shares: the list of clients (HttpClients, for health checks), which
 * measures through MetricsModule's OUTBOUND_METRICS (nothing with METRICS_ENABLED=false). A
 * static, global module: Nest makes it once per app however many clients import it, and the
 * health check reads the circuits from it even when no client is registered.
 */
@Global()
@Module({
  providers: [HttpClients],
  exports: [HttpClients],
})
export class HttpClientsModule {}

/** The injection token of the client named `name`. */
export const httpClientToken = (name: string): string => `HttpClient:${name}`;

/** Injects the client a module registered as `name`. */
export const InjectHttpClient = (name: string): ParameterDecorator => Inject(httpClientToken(name));

/**
 * The retrying HTTP client of one outbound service (see HttpClient for the policies). A
 * feature registers each service it calls once, and exports the module if others call it too.
 *
 * @example
 * // email.module.ts, built from the config like MetricsModule.with(config)
 * imports: [HttpClientModule.register({ name: 'email', baseURL: config.email.url, timeoutMs: 60_000 })]
 *
 * // smtp-relay.email-sender.ts (infrastructure, behind the application's port)
 * constructor(@InjectHttpClient('email') private readonly email: HttpClient) {}
 * await this.email.request({ method: 'POST', path: '/messages', body, idempotencyKey: message.id });
 */
@Module({})
export class HttpClientModule {
  /** @throws Error at start, naming every problem of the options. */
  static register(options: HttpClientOptions): DynamicModule {
    const problems = problemsOf(options);
    if (problems.length > 0) throw new Error(`HttpClientModule.register(${JSON.stringify(options.name)}): ${problems.join('; ')}`);
    const token = httpClientToken(options.name);
    return {
      module: HttpClientModule,
      imports: [
        HttpModule.register({
          baseURL: options.baseURL,
          // A path is always under baseURL, even one that looks absolute.
          allowAbsoluteUrls: false,
          // Every status is an answer; HttpClient judges it.
          validateStatus: () => true,
        }),
        HttpClientsModule,
      ],
      providers: [
        {
          provide: token,
          inject: [HttpClients, HttpService],
          useFactory: (clients: HttpClients, http: HttpService): HttpClient => clients.create(options, http),
        },
      ],
      exports: [token],
    };
  }
}
