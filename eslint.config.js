// @ts-check
import { readdirSync } from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * Lint rules, including the layering of STYLE.md: shared → db → modules → web/cli.
 * A module never imports Fastify or the web layer; shared imports nothing of ours.
 */

const root = import.meta.dirname;

/**
 * Which module (src/modules/<name>/) may import which other modules: the one list that
 * docs/modules.md mirrors (test/lint/boundaries.test.ts checks they agree). Every module may
 * import db and shared. Tests beside the code (`*.test.ts`) may import any module's index.
 */
/** @type {Record<string, string[]>} */
export const MODULE_IMPORTS = {
  access: [],
  webhooks: ['access'],
  mail: ['access'],
  accounts: ['access', 'mail'],
  program: ['accounts', 'webhooks'],
  cfp: ['accounts', 'mail', 'program', 'webhooks'],
  review: ['accounts', 'cfp', 'mail', 'program'],
  schedule: ['accounts', 'mail', 'program', 'webhooks'],
  agenda: ['program', 'schedule'],
  exchange: ['agenda', 'program', 'schedule'],
  'attendee-agendas': ['agenda', 'exchange', 'schedule'],
  'interest-ballots': ['accounts', 'agenda', 'attendee-agendas', 'program', 'schedule'],
  'schedule-proposals': ['accounts', 'agenda', 'interest-ballots', 'program', 'schedule'],
};

const modules = Object.keys(MODULE_IMPORTS);
checkModuleTable();

/** Fails loudly when a module is missing from the table, or the table allows a cycle. */
function checkModuleTable() {
  const onDisk = readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  for (const name of onDisk) {
    if (!modules.includes(name)) {
      throw new Error(`eslint.config.js: src/modules/${name} is missing from MODULE_IMPORTS (and docs/modules.md)`);
    }
  }
  /** @type {(name: string, trail: string[]) => void} */
  const visit = (name, trail) => {
    if (trail.includes(name))
      throw new Error(`eslint.config.js: MODULE_IMPORTS has a cycle: ${[...trail, name].join(' → ')}`);
    for (const next of MODULE_IMPORTS[name] ?? []) visit(next, [...trail, name]);
  };
  for (const name of modules) visit(name, []);
}

/** A module's insides are its own: everyone else goes through its index.ts. */
const throughIndexOnly = modules.map((name) => ({
  target: [
    ...modules.filter((other) => other !== name).map((other) => `./src/modules/${other}`),
    './src/web',
    './src/cli',
    './src/db',
    './src/shared',
    './src/*.ts',
  ],
  from: `./src/modules/${name}`,
  except: ['./index.ts'],
  message: `Import the ${name} module through src/modules/${name}/index.js only.`,
}));

/** A module imports only the modules the table lets it. */
const allowedModules = modules.map((name) => ({
  target: `./src/modules/${name}`,
  from: './src/modules',
  except: [`./${name}`, ...MODULE_IMPORTS[name].map((other) => `./${other}`)],
  message: `The ${name} module may import only ${MODULE_IMPORTS[name].join(', ') || 'no other module'} (docs/modules.md).`,
}));

const noTestImports = {
  target: './src',
  from: './test',
  message: 'Code under src/ never imports from test/ (only *.test.ts files beside it may).',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'test-results/**', 'scratch/**', 'src/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // One process may lint two copies of the tree (test/lint copies it to a temporary directory):
    // say which is this config's, or typescript-eslint refuses to guess between them.
    languageOptions: { parserOptions: { tsconfigRootDir: root } },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      // Resolve `./x.js` to `x.ts`/`x.tsx` as TypeScript does, and parse those files, so that
      // no-cycle and no-unresolved see our own code (the node resolver saw none of it).
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: path.join(root, 'tsconfig.json') })],
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-unresolved': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off',
      // Errors we throw carry their own clear message; the cause is logged where it is caught.
      'preserve-caught-error': 'off',
    },
  },
  {
    files: ['src/modules/**'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['fastify', '@fastify/*', 'fastify-plugin'],
              message: 'Modules never import Fastify: the web layer calls them.',
            },
            {
              group: ['**/web/**', '**/cli/**', '**/app.js', '**/server.js'],
              message: 'Dependencies flow shared → db → modules → web/cli.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/modules/**', '**/web/**', '**/cli/**'],
              message: 'db knows nothing of the domain or the web.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/**', '**/modules/**', '**/web/**', '**/cli/**', 'fastify', '@fastify/*'],
              message: 'shared holds nothing domain- or web-specific.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: root, zones: [...throughIndexOnly, ...allowedModules, noTestImports] },
      ],
    },
  },
  {
    files: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: throughIndexOnly }],
    },
  },
  ...recordOwnerRules(),
);

/**
 * One owner per record (issue 8): only the program module writes events, and a talk's state
 * changes only through its lifecycle (program/talk-lifecycle.ts), which records every change;
 * only the webhooks module writes webhook endpoints and deliveries.
 * A function, so that these blocks can close the list wherever other rules are added above.
 */
function recordOwnerRules() {
  /** Tests and test support set up rows directly. */
  const NOT_LINTED_FOR_OWNERS = ['src/**/*.test.ts', 'src/**/*.test.tsx', 'src/**/test-support.ts'];
  /** `db.insert(table)`, `db.update(table)` or `db.delete(table)` of one of the named tables. */
  const writeOf = (/** @type {string} */ names) =>
    `CallExpression[callee.property.name=/^(insert|update|delete)$/] > Identifier.arguments[name=/^(${names})$/]`;
  const EVENT_WRITES = [
    {
      selector: writeOf('events'),
      message: 'Only the program module writes events: call insertEventRecord or updateEventRecord.',
    },
  ];
  const TALK_STATE_WRITES = [
    {
      selector: "CallExpression[callee.property.name='set'] > ObjectExpression.arguments > Property[key.name='state']",
      message: "A talk's state changes only through changeTalkState (program/talk-lifecycle.ts), which records it.",
    },
    {
      selector: writeOf('talkStateChanges'),
      message: 'Only the talk lifecycle writes talk_state_changes: call changeTalkState.',
    },
  ];
  const TALK_WRITES = [
    {
      selector: writeOf('talks|speakers|talkSpeakers'),
      message:
        'Talks and speakers are written by the program module (and, for now, cfp): call it; an importer calls syncImportedProgram.',
    },
    {
      // db/bulk.ts's updateRows writes a table named in SQL, out of the reach of the selector above.
      selector:
        "CallExpression[callee.name='updateRows'] > Literal.arguments[value=/^(talks|speakers|talk_speakers)$/]",
      message: 'Talks and speakers are written by the program module: call it; an importer calls syncImportedProgram.',
    },
  ];
  const WEBHOOK_WRITES = [
    {
      selector: writeOf('webhookEndpoints|webhookDeliveries'),
      message: 'Only the webhooks module writes webhook endpoints and deliveries: call enqueueWebhook (or its index).',
    },
  ];
  return [
    {
      files: ['src/**/*.ts', 'src/**/*.tsx'],
      ignores: ['src/modules/program/**', 'src/modules/webhooks/**', ...NOT_LINTED_FOR_OWNERS],
      rules: { 'no-restricted-syntax': ['error', ...EVENT_WRITES, ...TALK_STATE_WRITES, ...WEBHOOK_WRITES] },
    },
    // Talks and speakers: written by the program module (importers through syncImportedProgram)
    // and, for now, the cfp files below; nobody else.
    {
      files: ['src/**/*.ts', 'src/**/*.tsx'],
      ignores: [
        'src/modules/program/**',
        'src/modules/cfp/proposals.ts',
        'src/modules/cfp/co-speakers.ts',
        'src/modules/cfp/speaker-profile.ts',
        'src/modules/webhooks/**',
        ...NOT_LINTED_FOR_OWNERS,
      ],
      rules: {
        'no-restricted-syntax': ['error', ...EVENT_WRITES, ...TALK_STATE_WRITES, ...TALK_WRITES, ...WEBHOOK_WRITES],
      },
    },
    {
      files: ['src/modules/program/**/*.ts'],
      ignores: ['src/modules/program/talk-lifecycle.ts', ...NOT_LINTED_FOR_OWNERS],
      rules: { 'no-restricted-syntax': ['error', ...TALK_STATE_WRITES, ...WEBHOOK_WRITES] },
    },
    // The webhooks module writes its own tables, and nobody else's records.
    {
      files: ['src/modules/webhooks/**/*.ts'],
      ignores: NOT_LINTED_FOR_OWNERS,
      rules: { 'no-restricted-syntax': ['error', ...EVENT_WRITES, ...TALK_STATE_WRITES, ...TALK_WRITES] },
    },
  ];
}
