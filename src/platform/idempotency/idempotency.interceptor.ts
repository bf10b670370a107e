import { createHash } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, from, lastValueFrom } from 'rxjs';
import { CLOCK, type Clock } from '../../shared/application/clock.js';
import { RequestValidationError } from '../../shared/interface/request-validation.error.js';
import { IdempotencyKeyOrmEntity } from './idempotency-key.orm-entity.js';
import { IdempotencyKeyReusedError, IdempotentRequestInProgressError } from './idempotency.errors.js';

const KEEP_MS = 24 * 60 * 60 * 1000;
const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['etag', 'location'];

/**
 * Makes a create safe to retry: the first successful response to an `Idempotency-Key` is
 * stored in the same transaction as the work it describes, so it exists exactly when the
 * work committed. The same key with the same body replays it (for 24 h); with another
 * body, or while the first request runs, it is a 409. Without the header, nothing changes.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reflector: Reflector,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers['idempotency-key'];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new RequestValidationError([
        { field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' },
      ]);
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const scope = `${request.method} ${request.routeOptions.url}`;
    const hash = createHash('sha256').update(JSON.stringify(request.body ?? null)).digest('hex');
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;

    return from(
      this.txHost.withTransaction(async () => {
        const tx = this.txHost.tx;
        // Concurrent requests with the same key: the second one does not wait, it is told.
        const [lock] = await tx.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok', [
          `${scope}\n${key}`,
        ]);
        if (!lock.ok) throw new IdempotentRequestInProgressError();
        const now = this.clock.now();
        const stored = await tx
          .createQueryBuilder(IdempotencyKeyOrmEntity, 'k')
          .where('k.scope = :scope AND k.key = :key AND k.expiresAt > :now', { scope, key, now })
          .getOne();
        if (stored) {
          if (stored.requestHash !== hash) throw new IdempotencyKeyReusedError();
          void reply.headers({ ...stored.responseHeaders, 'idempotent-replayed': 'true' });
          return stored.responseBody;
        }
        const body = await lastValueFrom(next.handle());
        const headers = Object.fromEntries(
          REPLAYED_HEADERS.flatMap((name) => {
            const value = reply.getHeader(name);
            return value === undefined ? [] : [[name, String(value)]];
          }),
        );
        // An expired row of the same key is overwritten: the key starts a new life.
        const row: IdempotencyKeyOrmEntity = {
          scope,
          key,
          requestHash: hash,
          statusCode: status,
          responseBody: (body ?? null) as object | null,
          responseHeaders: headers,
          createdAt: now,
          expiresAt: new Date(now.getTime() + KEEP_MS),
        };
        await tx
          .createQueryBuilder()
          .insert()
          .into(IdempotencyKeyOrmEntity)
          .values(row)
          .orUpdate(['request_hash', 'status_code', 'response_body', 'response_headers', 'created_at', 'expires_at'], ['scope', 'key'])
          .updateEntity(false)
          .callListeners(false)
          .execute();
        return body;
      }),
    );
  }
}

/** Marks a create route as retry-safe with an `Idempotency-Key` header. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes the request safe to retry for 24 h: the same key and body replay the first response ' +
        '(with `Idempotent-Replayed: true`); another body, or a concurrent request, is a 409.',
    }),
  );
