import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The level a finished request is logged at. A client error is the client's business, and a
 * 503 is the app working as designed (a database outage, a full write queue, a drain before
 * stopping): a warning, or an outage would flood the error log with one line per request.
 * Any other 5xx is a bug of ours: an error.
 */
export function requestLogLevel(
  _request: IncomingMessage,
  response: ServerResponse,
  error?: Error,
): 'info' | 'warn' | 'error' {
  if (response.statusCode === 503) return 'warn';
  return error || response.statusCode >= 500 ? 'error' : 'info';
}
