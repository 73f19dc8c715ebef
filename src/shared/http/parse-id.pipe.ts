import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** `@Param('id', ParseIdPipe)`: a 400 that says which path segment is wrong, never a 500. */
export const ParseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('id must be a UUID'),
});
