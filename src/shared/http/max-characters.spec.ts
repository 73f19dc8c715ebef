import { validateSync } from 'class-validator';
import { characterCount, MaxCharacters, MinCharacters } from './max-characters.js';

class Named {
  @MaxCharacters(3)
  name: string;
}

class Secret {
  @MinCharacters(4)
  password: string;
}

const errorsFor = (name: unknown) => validateSync(Object.assign(new Named(), { name })).length;
const problemsWith = (password: unknown) =>
  validateSync(Object.assign(new Secret(), { password })).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );

describe('characterCount', () => {
  it('counts code points: a surrogate pair and a variation selector are one each', () => {
    expect(characterCount('')).toBe(0);
    expect(characterCount('abc')).toBe(3);
    expect(characterCount('😀😀')).toBe(2);
    expect(characterCount('a\ufe0f'.repeat(150))).toBe(300);
    expect(characterCount('e\u0301')).toBe(2); // a combining mark too, as PostgreSQL counts it
  });
});

describe('MaxCharacters', () => {
  it('counts code points, as PostgreSQL varchar does, variation selectors included', () => {
    expect(errorsFor('abc')).toBe(0);
    expect(errorsFor('😀😀😀')).toBe(0); // surrogate pairs are one character each
    expect(errorsFor('x\ufe0fx')).toBe(0);
    expect(errorsFor('x\ufe0fx\ufe0f')).toBe(1); // @MaxLength would let this through
    expect(errorsFor('abcd')).toBe(1);
    expect(errorsFor(42)).toBe(1);
  });
});

describe('MinCharacters', () => {
  it('counts code points, variation selectors included, with the message of MaxCharacters', () => {
    expect(problemsWith('abcd')).toEqual([]);
    expect(problemsWith('a\ufe0fa\ufe0f')).toEqual([]); // @MinLength counts 2 and refuses it
    expect(problemsWith('😀😀😀😀')).toEqual([]);
    expect(problemsWith('😀😀😀')).toEqual(['password must be at least 4 characters']);
    expect(problemsWith('abc')).toEqual(['password must be at least 4 characters']);
    expect(problemsWith(1234)).toEqual(['password must be at least 4 characters']);
  });
});
