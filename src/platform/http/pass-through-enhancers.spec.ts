import 'reflect-metadata';
import { type CanActivate, Controller, Get, Injectable, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClsModule, ClsService } from 'nestjs-cls';
import { afterEach, describe, expect, it } from 'vitest';
import { removePassThroughEnhancers } from './pass-through-enhancers.js';

@Injectable()
class OwnGuard implements CanActivate {
  calls = 0;
  canActivate(): boolean {
    this.calls++;
    return true;
  }
}

@Controller('probe')
class ProbeController {
  constructor(private readonly cls: ClsService) {}

  @Get()
  probe(): { active: boolean } {
    return { active: this.cls.isActive() };
  }
}

@Module({
  imports: [ClsModule.forRoot({ global: true, middleware: { mount: true } })],
  controllers: [ProbeController],
  providers: [OwnGuard, { provide: APP_GUARD, useExisting: OwnGuard }],
})
class ProbeModule {}

describe('removePassThroughEnhancers', () => {
  let app: NestFastifyApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const globals = (nest: NestFastifyApplication) =>
    (nest as unknown as { config: { getGlobalGuards(): object[]; getGlobalInterceptors(): object[] } }).config;

  it("removes nestjs-cls's unmounted guard and interceptor, keeps ours, and the CLS context still comes from the middleware", async () => {
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
    expect(removePassThroughEnhancers(app)).toBe(2);
    expect(globals(app).getGlobalInterceptors()).toEqual([]);
    const own = app.get(OwnGuard);
    expect(globals(app).getGlobalGuards()).toEqual([own]);
    expect(removePassThroughEnhancers(app)).toBe(0);

    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/probe' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ active: true });
    expect(own.calls).toBe(1);
  });
});
