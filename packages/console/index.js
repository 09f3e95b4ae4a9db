import { fileURLToPath } from 'node:url';

/** The directory of the built console (index.html and its assets), for a server to serve. */
export const consoleAssetsDirectory = fileURLToPath(new URL('./dist/', import.meta.url));
