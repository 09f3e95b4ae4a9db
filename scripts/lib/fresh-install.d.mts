/** This process's environment without npm's and statefold's variables, for work in a fresh folder. */
export declare function freshEnvironment(): NodeJS.ProcessEnv;

/** Offers the workspace's better-sqlite3 binary as a local prebuild in `directory` (see the .mjs). */
export declare function betterSqlitePrebuild(
  workspaceRoot: string,
  directory: string,
): { readonly version: string; readonly environment: Readonly<Record<string, string>> };
