import type { CanActivate, INestApplication, NestInterceptor } from '@nestjs/common';

/** The part of Nest's ApplicationConfig this reads: the global guards and interceptors. */
interface GlobalEnhancers {
  getGlobalGuards(): CanActivate[];
  getGlobalInterceptors(): NestInterceptor[];
}

/**
 * Removes the global guard and interceptor that nestjs-cls registers whether or not they are
 * mounted: when its context comes from the middleware (ours does), they are object literals
 * that only pass through (`canActivate: () => true`, `intercept: (_, next) => next.handle()`).
 * A single global interceptor makes Nest run every handler through an rxjs pipeline
 * (defer, mergeAll, lastValueFrom) and a guard is one more await: ~6% of the CPU of a
 * `GET /tasks/:id`. Our own guards and interceptors are classes and stay.
 *
 * Call between `NestFactory.create` (which builds the global enhancers) and `init`/`listen`
 * (which builds each route's pipeline from them). Returns how many it removed; 0 when a
 * later Nest keeps them elsewhere (then every request is just slower, and the test that
 * asserts the removal fails).
 */
export function removePassThroughEnhancers(app: INestApplication): number {
  const config = (app as unknown as { config?: Partial<GlobalEnhancers> }).config;
  if (typeof config?.getGlobalGuards !== 'function' || typeof config.getGlobalInterceptors !== 'function') return 0;
  let removed = 0;
  for (const list of [config.getGlobalGuards(), config.getGlobalInterceptors()]) {
    for (let i = list.length - 1; i >= 0; i--) {
      if (isPassThroughLiteral(list[i])) {
        list.splice(i, 1);
        removed++;
      }
    }
  }
  return removed;
}

/** An object literal with one method, the enhancer's: what nestjs-cls makes; never one of our classes. */
function isPassThroughLiteral(enhancer: object): boolean {
  const keys = Object.keys(enhancer);
  return (
    Object.getPrototypeOf(enhancer) === Object.prototype &&
    keys.length === 1 &&
    (keys[0] === 'canActivate' || keys[0] === 'intercept')
  );
}
