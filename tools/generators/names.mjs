/** Names the generators accept, and the class names they derive from them. */

export class GeneratorError extends Error {}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * A kebab-case name (`apply-discount`), or a GeneratorError naming what is wrong with it.
 * @param {string} what what the name is for, as the message says it
 * @param {string | undefined} name
 * @returns {string}
 */
export function kebab(what, name) {
  if (!name) throw new GeneratorError(`missing the ${what} name`);
  if (!KEBAB.test(name)) {
    throw new GeneratorError(
      `${what} name "${name}" is not kebab-case (lower-case words joined by "-", e.g. apply-discount)`,
    );
  }
  return name;
}

/**
 * `apply-discount` -> `ApplyDiscount`.
 * @param {string} name a kebab-case name
 */
export function pascal(name) {
  return name
    .split('-')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

/**
 * `apply-discount` -> `applyDiscount`.
 * @param {string} name a kebab-case name
 */
export function camel(name) {
  const base = pascal(name);
  return base[0].toLowerCase() + base.slice(1);
}

/**
 * A name that must not repeat the role its file already names: `apply-discount`, not
 * `apply-discount-command` (the class would be ApplyDiscountCommandCommand).
 * @param {string} what
 * @param {string} name
 * @param {string} role
 */
export function withoutRoleSuffix(what, name, role) {
  if (name === role || name.endsWith(`-${role}`)) {
    throw new GeneratorError(
      `${what} name "${name}" ends in "${role}": leave it off, the generator adds the role`,
    );
  }
  return name;
}
