import { validateSync } from 'class-validator';
import { MaxCharacters } from './max-characters.js';

class Named {
  @MaxCharacters(3)
  name: string;
}

const errorsFor = (name: unknown) => validateSync(Object.assign(new Named(), { name })).length;

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
