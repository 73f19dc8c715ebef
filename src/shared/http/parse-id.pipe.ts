import {
  type ArgumentMetadata,
  BadRequestException,
  Injectable,
  ParseUUIDPipe,
  type PipeTransform,
} from '@nestjs/common';

const parseUuid = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('id must be a UUID'),
});

/**
 * `@Param('id', ParseIdPipe)`: a 400 that says which path segment is wrong, never a 500.
 * UUIDs are case-insensitive and stored lower-case, so the id is lower-cased.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, Promise<string>> {
  async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    const id = await parseUuid.transform(value, metadata);
    return id!.toLowerCase();
  }
}
