import { ApiProperty } from '@nestjs/swagger';
import type { ErrorResponse } from '../errors/error-response.js';

/** The one error shape of the API (see ErrorResponseFilter), as OpenAPI documents it. */
export class ErrorResponseSchema implements ErrorResponse {
  @ApiProperty({ type: 'integer', description: 'The HTTP status code, again.', example: 400 })
  statusCode: number;

  @ApiProperty({ description: "The status code's reason phrase.", example: 'Bad Request' })
  error: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'What went wrong. A validation error lists every failing field.',
    example: ['priceCents must not be less than 0', 'property color should not exist'],
  })
  message: string | string[];
}
