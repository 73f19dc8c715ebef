import { PasswordHasher } from './password-hasher.js';

describe('PasswordHasher (scrypt)', () => {
  const hasher = new PasswordHasher();

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('correct horse battery staple');

    await expect(hasher.verify('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(hasher.verify('correct horse battery stapler', hash)).resolves.toBe(false);
    await expect(hasher.verify('', hash)).resolves.toBe(false);
  });

  it('salts: the same password hashes differently each time, with its parameters stored', async () => {
    const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);

    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(a).not.toContain('same password');
  });

  it('refuses malformed hashes instead of throwing', async () => {
    await expect(hasher.verify('x', '')).resolves.toBe(false);
    await expect(hasher.verify('x', 'bcrypt$whatever')).resolves.toBe(false);
    await expect(hasher.verify('x', 'scrypt$16384$8$1$c2FsdA$')).resolves.toBe(false);
  });

  it('verifyNothing answers false', async () => {
    await expect(hasher.verifyNothing('anything')).resolves.toBe(false);
  });
});
