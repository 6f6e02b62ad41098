// ESLint flat config: typescript-eslint's strict, type-aware rules for lib/, plugins/ and test/, and the
// import boundaries of docs/architecture.md ("What each part may import").
import js from '@eslint/js';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries for lib/ and plugins/: each package (or path) may be imported only where it is
 * allowed. Each boundary is its own rule (ESLint's no-restricted-imports for import/export, and
 * no-restricted-syntax for a dynamic import()), so a file is exempted from one boundary by turning
 * that rule off for it and nothing else.
 */
const boundaries = [
  {
    name: 'awilix',
    packages: ['awilix'],
    allowed: ['lib/container.ts'],
    message: 'only lib/container.ts (the composition root) imports awilix',
  },
  {
    // simple-git starts git itself too; it is confined to lib/proc/git.ts (the simple-git boundary below).
    name: 'processes',
    packages: ['child_process', 'node:child_process', 'execa'],
    allowed: ['lib/proc/**'],
    message:
      'only lib/proc starts processes: use the injected RunCommand (lib/proc/run.ts) or lib/proc/*',
  },
  {
    name: 'sqlite',
    packages: ['better-sqlite3'],
    allowed: ['lib/state/**', 'plugins/addons/sqlite/**'],
    message: 'only lib/state (and the sqlite addon) open SQLite: add a repository to lib/state',
  },
  {
    name: 'nunjucks',
    packages: ['nunjucks'],
    allowed: ['lib/templates/**'],
    message: 'only lib/templates imports nunjucks: use the injected RenderTemplate',
  },
  {
    name: 'simple-git',
    packages: ['simple-git'],
    allowed: ['lib/proc/git.ts'],
    message: 'only lib/proc/git.ts talks to git through simple-git: use its functions',
  },
  {
    name: 'dotenv',
    packages: ['dotenv'],
    allowed: ['lib/domain/envfile.ts'],
    message: 'only lib/domain/envfile.ts imports dotenv: use parseEnvFile',
  },
  {
    name: 'ora',
    packages: ['ora'],
    allowed: ['lib/output/progress.ts'],
    message: 'only lib/output/progress.ts imports ora: use startProgress or startStepProgress',
  },
  {
    // Files of a plugin sit at plugins/<kind>/<name>/*.ts (the kind's shared helpers at plugins/<kind>/*.ts).
    name: 'plugin-sdk',
    files: ['plugins/**/*.ts'],
    regex: ['^(\\.\\./)+lib/(?!sdk\\.js$|sdk/)'],
    message: 'a plugin imports only the SDK (lib/sdk.js or lib/sdk/), never the rest of lib/',
  },
  {
    // From plugins/<kind>/<name>/x.ts, '../../<kind>/' is another kind and '../<name>/' another plugin
    // ('../helpers.js', the kind's shared helpers, stays allowed until they move into the SDK).
    name: 'plugin-other',
    files: ['plugins/*/*/*.ts'],
    regex: ['^\\.\\./\\.\\./(?!\\.\\./)', '^\\.\\./[^./][^/]*/'],
    message: 'a plugin imports no other plugin: share through the SDK',
  },
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A local plugin naming one copy of the two core rules per boundary. */
const boundaryRules = Object.fromEntries(
  boundaries.flatMap((b) => [
    [b.name, builtinRules.get('no-restricted-imports')],
    [`${b.name}-dynamic`, builtinRules.get('no-restricted-syntax')],
  ]),
);

function boundaryConfigs() {
  const plugin = { plugins: { boundaries: { rules: boundaryRules } } };
  return [
    plugin,
    ...boundaries.flatMap((b) => {
      const sources = [
        ...(b.packages ?? []).map((p) => `^${escape(p)}(/.*)?$`),
        ...(b.regex ?? []),
      ];
      const imports = b.packages
        ? { paths: b.packages.map((name) => ({ name, message: b.message })), patterns: [] }
        : { patterns: b.regex.map((regex) => ({ regex, message: b.message })) };
      if (b.packages)
        imports.patterns.push({ group: b.packages.map((p) => `${p}/*`), message: b.message });
      const dynamic = sources.map((source) => ({
        selector: `ImportExpression[source.value=/${source.replace(/\//g, '\\/')}/]`,
        message: b.message,
      }));
      const configs = [
        {
          files: b.files ?? ['lib/**/*.ts', 'plugins/**/*.ts'],
          rules: {
            [`boundaries/${b.name}`]: ['error', imports],
            [`boundaries/${b.name}-dynamic`]: ['error', ...dynamic],
          },
        },
      ];
      if (b.allowed) {
        configs.push({
          files: b.allowed,
          rules: { [`boundaries/${b.name}`]: 'off', [`boundaries/${b.name}-dynamic`]: 'off' },
        });
      }
      return configs;
    }),
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  ...boundaryConfigs(),
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', 'bin/*'],
    ...tseslint.configs.disableTypeChecked,
  },
);
