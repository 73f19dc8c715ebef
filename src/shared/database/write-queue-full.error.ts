import { ServiceUnavailableError } from '../errors/application-error.js';

/**
 * Too many writes are waiting for SQLite's single writer: this one was refused before it
 * started (nothing written), so the client can come back instead of timing out.
 */
export class WriteQueueFullError extends ServiceUnavailableError {
  constructor() {
    super('Too many writes are waiting; nothing was changed, retry after the Retry-After delay', 1);
  }
}
