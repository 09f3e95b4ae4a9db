/** The directory of the built console (index.html and its assets), for a server to serve. */
export declare const consoleAssetsDirectory: string;
