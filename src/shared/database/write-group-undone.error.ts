import { ServiceUnavailableError } from '../errors/application-error.js';

/**
 * This write succeeded, but another write of its commit group made SQLite roll back the
 * whole transaction (a full disk, an I/O error), taking this one with it. Nothing of it was
 * kept and nothing was acknowledged: the client may simply retry.
 */
export class WriteGroupUndoneError extends ServiceUnavailableError {
  constructor(cause: unknown) {
    super('The write was undone by a database failure; nothing was changed, retry', 1, {
      cause,
    });
  }
}
