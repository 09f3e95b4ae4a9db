/**
 * How long the server waits on a client that is sending a request, in milliseconds. A public
 * server needs all three: without them a client that trickles its headers or body holds a
 * connection (and its buffers) for as long as it likes.
 */
export interface ServerTimeouts {
  /** From a connection's first byte (or the end of its previous request) to the end of the headers: node:http `headersTimeout`. */
  readonly headersMs: number;
  /** For a whole request, headers and body: node:http `requestTimeout`. At least `headersMs`. */
  readonly requestMs: number;
  /** The longest pause between two chunks of a body. */
  readonly bodyIdleMs: number;
}

/** The timeouts `statefold serve` applies unless its config file sets others (see the README's "Reliability bounds"). */
export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = Object.freeze({
  headersMs: 10_000,
  requestMs: 30_000,
  bodyIdleMs: 5_000,
});

/**
 * How often node:http looks for connections past `headersMs` or `requestMs`; its default (30 s)
 * would let a timeout of a few seconds run up to 30 s late.
 */
export function connectionsCheckingIntervalOf(timeouts: ServerTimeouts): number {
  return Math.max(10, Math.min(1_000, Math.floor(Math.min(timeouts.headersMs, timeouts.requestMs) / 4)));
}
