/** Placeholder surface until its issue lands. */
export const packageName = '@statefold/store-sqlite';
