/**
 * How often an open event stream sends a comment line (`: keep-alive`) whatever else it
 * sends: proxies and load balancers close a connection that stays silent for their idle
 * timeout (commonly 60 s), and a quiet log would otherwise say nothing for minutes.
 * EventSource ignores comments. A token, so a test can shorten it.
 */
export const KEEP_ALIVE_INTERVAL_MS = Symbol('KEEP_ALIVE_INTERVAL_MS');

export const DEFAULT_KEEP_ALIVE_INTERVAL_MS = 15_000;
