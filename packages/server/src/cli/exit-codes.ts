/** Exit codes: 0 after a clean stop, 1 when serving failed, 2 for a bad command line or config. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
