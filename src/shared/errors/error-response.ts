import { STATUS_CODES } from 'node:http';

/** The one error shape of the API: Nest's own. */
export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string | string[];
}

/** That shape for a status code, `error` being its reason phrase. */
export function errorResponse(statusCode: number, message: string | string[]): ErrorResponse {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}
