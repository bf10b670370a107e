/**
 * The layer rules of ARCHITECTURE.md, checked on every `npm test`.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-plain-typescript',
      comment: 'domain/ imports no framework, ORM, queue or HTTP library: only node built-ins and other domain code.',
      severity: 'error',
      from: { path: '(^|/)domain/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
      },
    },
    {
      name: 'domain-depends-on-domain-only',
      comment: 'domain/ never reaches into application, infrastructure, interface or platform code.',
      severity: 'error',
      from: { path: '(^|/)domain/' },
      to: { path: '(^|/)(application|infrastructure|interface|platform|config)/' },
    },
    {
      name: 'application-knows-no-adapters',
      comment: 'use cases see ports, never their TypeORM/HTTP implementations or the interface layer.',
      severity: 'error',
      from: { path: '(^|/)application/' },
      to: { path: '(^|/)(infrastructure|interface|platform)/' },
    },
    {
      name: 'infrastructure-is-not-called-by-interface',
      comment: 'controllers call use cases, never repositories directly.',
      severity: 'error',
      from: { path: '(^|/)interface/' },
      to: { path: '(^|/)infrastructure/' },
    },
    {
      name: 'shared-stands-alone',
      comment: 'shared/ holds building blocks every module uses: it depends on no module and no platform code.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(modules|platform)/' },
    },
    {
      name: 'platform-knows-no-module',
      comment: 'platform/ is infrastructure no business module owns: modules register what they bring (entities, routes), platform never imports them.',
      severity: 'error',
      from: { path: '(^|/)platform/' },
      to: { path: '(^|/)modules/' },
    },
    {
      name: 'cli-calls-use-cases',
      comment: 'the operator CLI (src/cli/) is an interface like the controllers: it calls application use cases, never a module\'s adapters or HTTP layer.',
      severity: 'error',
      from: { path: '(^|/)cli/' },
      to: { path: '(^|/)modules/[^/]+/(infrastructure|interface)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.spec\\.ts$' },
  },
};
