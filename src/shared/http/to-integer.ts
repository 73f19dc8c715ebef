import { Transform } from 'class-transformer';

/**
 * Query-string integers: only plain decimal digits become numbers ("10", "-1"); anything
 * else ("1e1", "0x10", "1.5", "") stays a string, so @IsInt rejects it with a clear 400.
 */
export const ToInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value,
  );
