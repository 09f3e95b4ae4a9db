// The code rules of STYLE.md that a machine can check: import direction inside core, no hidden
// time or randomness, no module-level `let` in core outside engine/, no `any`, no `!` in core, and
// files small enough to hold one idea. Import cycles (type-only ones too) are Biome's noImportCycles
// rule (biome.json), which `npm test` runs through `biome ci`.
import tseslint from 'typescript-eslint';

// From a folder's own files (`../engine`) and from its subfolders' (`../../engine`).
const below = (...folders) =>
  folders.flatMap((folder) => [`../${folder}`, `../${folder}/*`, `../../${folder}`, `../../${folder}/*`]);
const storageAndHttp = ['better-sqlite3', 'kysely', 'pg', 'node:http', 'node:https', '@statefold/*'];

/** Core may import none of these, and each folder only the folders below it. */
function importsAllowedIn(...forbiddenFolders) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: storageAndHttp.filter((name) => !name.includes('*')),
        patterns: [
          { group: ['@statefold/*'], message: 'core depends on no store and no server' },
          ...(forbiddenFolders.length > 0
            ? [{ group: below(...forbiddenFolders), message: 'imports in core point down only (STYLE §1)' }]
            : []),
        ],
      },
    ],
  };
}

const hiddenTimeAndRandomness = {
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
      message: 'time comes from the Clock',
    },
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'time comes from the Clock' },
    {
      selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
      message: 'randomness comes from DecideEnv',
    },
    { selector: "CallExpression[callee.name='randomUUID']", message: 'randomness comes from DecideEnv' },
    { selector: "MemberExpression[property.name='randomUUID']", message: 'randomness comes from DecideEnv' },
  ],
};

// Module-level `let` is state shared by every engine in the process: core keeps such state in an
// object its owner holds (the engine's DecideRuntime, the parsed model), so only engine/ may have it.
const moduleLevelMessage =
  'no module-level mutable state in core outside engine/: keep it in an object its owner holds';
const moduleLevelLet = [
  { selector: "Program > VariableDeclaration[kind='let']", message: moduleLevelMessage },
  { selector: "Program > ExportNamedDeclaration > VariableDeclaration[kind='let']", message: moduleLevelMessage },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/**', 'scripts/**', '**/*.mjs', '**/*.js'] },
  {
    files: ['packages/*/src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['packages/core/src/**/*.ts', 'packages/store-*/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/core/src/engine/system-clock.ts'],
    rules: hiddenTimeAndRandomness,
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error', ...importsAllowedIn() },
  },
  {
    // A rule's options do not merge across config objects: these files list the time and
    // randomness selectors again.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/core/src/engine/**'],
    rules: { 'no-restricted-syntax': [...hiddenTimeAndRandomness['no-restricted-syntax'], ...moduleLevelLet] },
  },
  {
    files: ['packages/core/src/{history,asl,data,choice,errors}/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: importsAllowedIn('execution', 'engine', 'service', 'replay', 'audit', 'store'),
  },
  {
    // The Store port and the memory store know events and records, nothing that runs them.
    files: ['packages/core/src/store/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: importsAllowedIn('asl', 'choice', 'execution', 'engine', 'service', 'replay', 'audit'),
  },
  {
    // Verify, export and import read stored histories; they run nothing.
    files: ['packages/core/src/audit/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: importsAllowedIn('asl', 'choice', 'execution', 'engine', 'service', 'replay'),
  },
  {
    files: ['packages/core/src/execution/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: importsAllowedIn('engine', 'service', 'replay'),
  },
  {
    files: ['packages/core/src/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: importsAllowedIn('service', 'replay'),
  },
);
