import { PinoLogger } from 'nestjs-pino';

/** Past this, the process exits even if the log has not drained (a stuck pipe). */
const FLUSH_DEADLINE_MS = 2000;

/**
 * Exits with `code` once pino has written every line. Its output is asynchronous: exiting at
 * once can cut off the write in progress, and with it the last line, the one saying why the
 * process stops (seen in CI: a failed start's final error was missing).
 */
export function exitOnceLogged(code: number): void {
  process.exitCode = code;
  const exit = () => process.exit(code);
  setTimeout(exit, FLUSH_DEADLINE_MS).unref();
  PinoLogger.root.flush(exit);
}
