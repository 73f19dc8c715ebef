import { Transform } from 'class-transformer';

/** UUIDs are case-insensitive; ids are stored lower-case, so input is lower-cased first. */
export const ToLowerCase = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
