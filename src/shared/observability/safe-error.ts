/**
 * What a log line may say about an error: its class, its code (SQLSTATE, errno or SQLite
 * code) and its message, with the stack, and the same for what it wraps (`cause`).
 *
 * Never the rest: TypeORM's QueryFailedError carries the statement (`query`), its bound
 * values (`parameters`: emails, addresses, password hashes) and the driver's error
 * (`driverError`, whose PostgreSQL `detail` repeats the values, and whose fields TypeORM also
 * copies onto the error itself). Listing what may go out, rather than what may not, keeps
 * any field a driver adds tomorrow out of the logs too.
 */
export interface SafeError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: SafeError;
}

const MAX_CAUSES = 3;

export function safeError(error: unknown, depth = 0): SafeError {
  if (!(error instanceof Error)) {
    return { type: typeof error, message: String(error) };
  }
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.constructor?.name ?? error.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
    ...(cause !== undefined && depth < MAX_CAUSES ? { cause: safeError(cause, depth + 1) } : {}),
  };
}

/** For a terminal (the CLIs, a failed start): class, code and message, then the stack's frames. */
export function safeErrorText(error: unknown): string {
  const { type, code, message, stack } = safeError(error);
  const frames = stack?.split('\n').filter((line) => /^\s+at /.test(line)) ?? [];
  return [`${type}${code ? ` (${code})` : ''}: ${message}`, ...frames].join('\n');
}
