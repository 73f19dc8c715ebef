import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestLogLevel } from './request-log-level.js';

const answered = (statusCode: number) => ({ statusCode }) as ServerResponse;
const request = {} as IncomingMessage;

describe('requestLogLevel', () => {
  it.each([
    [200, 'info'],
    [404, 'info'],
    [429, 'info'],
    [503, 'warn'],
    [500, 'error'],
    [502, 'error'],
  ])('logs a %i at level %s', (statusCode, level) => {
    expect(requestLogLevel(request, answered(statusCode))).toBe(level);
  });

  it('logs a request that failed with an error as an error, unless it was answered 503', () => {
    expect(requestLogLevel(request, answered(500), new Error('boom'))).toBe('error');
    expect(requestLogLevel(request, answered(503), new Error('database down'))).toBe('warn');
  });
});
