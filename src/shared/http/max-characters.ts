import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * At most `max` Unicode characters (code points), counted the way PostgreSQL's varchar(n)
 * counts them. class-validator's @MaxLength does not count variation selectors (U+FE0F),
 * so a string it accepts could still be too long for its column and fail as a 500.
 */
export function MaxCharacters(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxCharacters',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && [...value].length <= max,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be at most ${max} characters`,
      },
    },
    options,
  );
}
