import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * How many Unicode characters (code points) `text` has, counted the way PostgreSQL's
 * varchar(n) counts them: a surrogate pair is one, a variation selector (U+FE0F) is one.
 * class-validator's @MinLength and @MaxLength count neither (validator.js's isLength), so
 * a string they accept could still be too long for its column, or a password too short.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) count++;
  return count;
}

/** At most `max` characters (code points): see characterCount. */
export function MaxCharacters(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxCharacters',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && characterCount(value) <= max,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be at most ${max} characters`,
      },
    },
    options,
  );
}

/** At least `min` characters (code points): see characterCount. */
export function MinCharacters(min: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'minCharacters',
      constraints: [min],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && characterCount(value) >= min,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be at least ${min} characters`,
      },
    },
    options,
  );
}
