/**
 * The layering, enforced by `npm run lint` (dependency-cruiser, type-only imports included: a cycle
 * of types is a cycle of design). Dependencies point one way:
 *   commands/, jobs/ → src/assistant, src/delivery → src/cards, src/store → src/domain
 * with botbuilder behind src/teams/, the Graph client behind src/graph/, node-cron behind the
 * scheduler and drizzle-orm behind src/store/.
 */
const COMPOSITION_ROOT = '^src/(main|services)[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Modules may not depend on each other in a circle, not even through types.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain/ holds the rules: it imports nothing from the rest of the project.',
      from: { path: '^src/domain/' },
      to: { path: '^(src/(?!domain/)|commands/|jobs/|scripts/|bench/|manifest/)' },
    },
    {
      name: 'src-never-imports-commands-or-jobs',
      severity: 'error',
      comment: 'Only the composition root wires commands/ and jobs/ into src/.',
      from: { path: '^src/', pathNot: COMPOSITION_ROOT },
      to: { path: '^(commands|jobs)/' },
    },
    {
      name: 'drizzle-only-in-store',
      severity: 'error',
      comment: 'SQL lives in src/store/ repositories; everything else calls them.',
      from: { path: '^(src/(?!store/)|commands/|jobs/|scripts/|manifest/)' },
      to: { path: 'node_modules/drizzle-orm/' },
    },
    {
      name: 'database-drivers-only-in-store',
      severity: 'error',
      from: { path: '^(src/(?!store/)|commands/|jobs/|scripts/|manifest/)' },
      to: { path: 'node_modules/(@electric-sql/pglite|postgres)/' },
    },
    {
      name: 'botbuilder-only-in-teams',
      severity: 'error',
      comment:
        'botbuilder support ended in December 2025: keep it in one folder so a move is one folder of work.',
      from: { path: '^(?!src/teams/)' },
      to: { path: 'node_modules/botbuilder' },
    },
    {
      name: 'graph-only-in-graph',
      severity: 'error',
      from: { path: '^(?!src/graph/)' },
      to: { path: 'node_modules/@microsoft/microsoft-graph-client' },
    },
    {
      name: 'cron-only-in-scheduler',
      severity: 'error',
      from: { path: '^(?!src/scheduler[.]ts$)' },
      to: { path: 'node_modules/node-cron' },
    },
    {
      name: 'store-below-the-assistant',
      severity: 'error',
      comment: 'The store serves the layers above it and never reaches up into them.',
      from: { path: '^src/store/' },
      to: { path: '^(src/(assistant|delivery|teams|graph|cards|import|seed)/|commands/|jobs/)' },
    },
    {
      name: 'cards-below-the-assistant',
      severity: 'error',
      from: { path: '^src/cards/' },
      to: { path: '^(src/(assistant|delivery|teams|graph|import|seed)/|commands/|jobs/)' },
    },
    {
      name: 'no-commands-from-jobs',
      severity: 'error',
      comment: 'Jobs build messages from the store and cards, not from bot commands.',
      from: { path: '^jobs/' },
      to: { path: '^commands/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    exclude: { path: '^(data|build|coverage)/' },
  },
};
