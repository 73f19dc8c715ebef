/**
 * An expected failure of a command or query, in the language of the domain. The kind says
 * which HTTP status it becomes; the domain never imports HTTP.
 */
export abstract class ApplicationError extends Error {
  abstract readonly kind:
    | 'bad-request'
    | 'unauthorized'
    | 'forbidden'
    | 'not-found'
    | 'conflict'
    | 'unprocessable'
    | 'unavailable';
}

/** The request is malformed in a way validation cannot see (for example a bad cursor). */
export class BadRequestError extends ApplicationError {
  readonly kind = 'bad-request';
}

/** The caller could not be authenticated (for example wrong credentials at login). */
export class UnauthorizedError extends ApplicationError {
  readonly kind = 'unauthorized';
}

/** The caller is known but not allowed to do this. */
export class ForbiddenError extends ApplicationError {
  readonly kind = 'forbidden';
}

export class NotFoundError extends ApplicationError {
  readonly kind = 'not-found';
}

/** The request clashes with the current state: a taken key, a stale version, a finished order. */
export class ConflictError extends ApplicationError {
  readonly kind = 'conflict';
}

/** The request is well-formed but refers to something that cannot be used (an unknown product). */
export class UnprocessableError extends ApplicationError {
  readonly kind = 'unprocessable';
}

/**
 * The request could not be served now, through no fault of the client: the write queue is
 * full, the database is unreachable or full. Nothing was changed; the client may retry after
 * `retryAfterSeconds` (sent as Retry-After).
 */
export class ServiceUnavailableError extends ApplicationError {
  readonly kind = 'unavailable';

  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
