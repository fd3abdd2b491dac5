/**
 * The import rules of docs/ARCHITECTURE.md ("Where things live"), checked by
 * `npm run lint:layers` (part of `npm test`). Arrows point down only:
 *
 *   http ──→ auth ──→ services ──→ store / whatsapp / sms ──→ config ──→ domain
 *   sandbox: beside http, never inside it (both use web/: the HTML tag, body parsing)
 *   widget, adapters ──→ domain only (the panel talks to the rest over HTTP)
 *   connector.ts, compose-*.ts and main.ts wire it all.
 *
 * A layer may skip layers below it (http may read the store), never reach up or sideways.
 * When a rule says no, move the code to the layer that owns it; do not widen the rule.
 *
 * The parser is swc: TypeScript 7 (the project's compiler) has no JavaScript API for
 * dependency-cruiser to parse with. swc sees `import type` like any import, so types count too.
 */
const layer = (folder) => `^connector/${folder}/`;

/** Each part and the parts it may never import. */
const forbidden = [
  {
    name: 'no-cycles',
    comment:
      'A cycle makes two modules one: neither can be understood, tested or loaded alone. ' +
      'A lazy chunk may use the core that loads it with import() (widget/lazy/*, the error catalogs): ' +
      'that is how the core stays small, so a cycle closed only by an import() is not one.',
    severity: 'error',
    from: {},
    to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import'] } },
  },
  {
    name: 'domain-is-pure',
    comment: 'connector/domain is shared with the panel: pure rules and types, no I/O, nothing outside itself.',
    severity: 'error',
    from: { path: layer('domain') },
    to: { pathNot: [layer('domain'), '^node_modules/'] },
  },
  {
    name: 'domain-has-no-io',
    comment: 'connector/domain runs in the browser too: no Node built-ins.',
    severity: 'error',
    from: { path: layer('domain') },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'config-reads-the-environment-only',
    comment: "config parses the environment into types; it names the store's DatabaseConfig type and nothing else above it.",
    severity: 'error',
    from: { path: layer('config') },
    to: { path: '^connector/', pathNot: [layer('domain'), layer('config'), '^connector/store/db\\.ts$'] },
  },
  {
    name: 'edges-see-only-the-domain',
    comment: 'The Graph client, the SMS provider and the store are the edges: they know the domain (and config), not each other nor anything above.',
    severity: 'error',
    from: { path: '^connector/(whatsapp|sms|store)/' },
    to: { path: '^connector/', pathNot: ['^connector/$1/', layer('domain'), layer('config')] },
  },
  {
    name: 'web-is-shared-by-http-and-sandbox',
    comment: "connector/web holds what the routes and the sandbox's pages share; it knows the domain only.",
    severity: 'error',
    from: { path: layer('web') },
    to: { path: '^connector/', pathNot: [layer('web'), layer('domain')] },
  },
  {
    name: 'services-sit-below-http-and-auth',
    comment: 'Use cases call the edges; they never call auth, http, the sandbox or the composition root (an arrow back up).',
    severity: 'error',
    from: { path: layer('services') },
    to: { path: ['^connector/(auth|http|sandbox|setup)/', '^connector/[^/]+\\.ts$'] },
  },
  {
    name: 'auth-uses-the-store',
    comment: 'Sign-in and sessions keep their state in the store (and take the clock from services); they never call http or the sandbox.',
    severity: 'error',
    from: { path: layer('auth') },
    to: { path: ['^connector/(http|sandbox|setup|web)/', '^connector/[^/]+\\.ts$'] },
  },
  {
    name: 'http-is-called-not-calling',
    comment: 'Routes are reached from the composition root only; nothing below imports them.',
    severity: 'error',
    from: { path: '^connector/', pathNot: ['^connector/http/', '^connector/[^/]+\\.ts$'] },
    to: { path: layer('http') },
  },
  {
    name: 'http-stays-out-of-the-sandbox',
    comment: 'The sandbox is wired in by the composition root; the real routes never depend on it.',
    severity: 'error',
    from: { path: '^connector/(http|setup)/' },
    to: { path: ['^connector/sandbox/', '^connector/[^/]+\\.ts$'] },
  },
  {
    name: 'setup-checks-the-live-edges',
    comment: '`npm run setup` talks to Meta through the whatsapp client and reads config; no database, no routes.',
    severity: 'error',
    from: { path: layer('setup') },
    to: { path: '^connector/', pathNot: [layer('setup'), layer('whatsapp'), layer('config'), layer('domain')] },
  },
  {
    name: 'knex-only-in-the-store',
    comment: 'connector/store is the only code that speaks SQL.',
    severity: 'error',
    from: { path: '^(connector|widget|adapters)/', pathNot: layer('store') },
    to: { path: '^node_modules/(knex|pg|sqlite3)/' },
  },
  {
    name: 'widget-reaches-the-connector-through-domain',
    comment: 'The panel shares rules and types with the connector through @domain only; it talks to the rest over HTTP.',
    severity: 'error',
    from: { path: '^widget/' },
    to: { path: ['^connector/', '^adapters/', '^test/', '^bench/'], pathNot: layer('domain') },
  },
  {
    name: 'adapters-use-the-public-entry',
    comment: 'Host adapters mount the panel through widget/index.ts (its public entry) and share rules through @domain.',
    severity: 'error',
    from: { path: '^adapters/' },
    to: { path: ['^widget/', '^connector/', '^test/', '^bench/'], pathNot: ['^widget/index\\.ts$', layer('domain')] },
  },
  {
    name: 'shipped-code-never-imports-tests',
    severity: 'error',
    from: { path: '^(connector|widget|adapters)/' },
    to: { path: '^(test|bench)/' },
  },
  {
    name: 'migrations-are-frozen',
    comment: 'A migration means what it meant the day it ran: it imports nothing of the live code that can change.',
    severity: 'error',
    from: { path: '^connector/store/migrations/', pathNot: '^connector/store/migrations/index\\.ts$' },
    to: { path: '^connector/', pathNot: '^connector/store/migrations/' },
  },
];

module.exports = {
  forbidden,
  options: {
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^adapters/hubspot/project/'] },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    cache: false,
  },
};
