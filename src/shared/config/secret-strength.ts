/**
 * How many bits of guessing a secret is worth, estimated from its own characters: its
 * length times the Shannon entropy of their frequencies. It cannot see that a secret is a
 * dictionary word or a keyboard walk, but it catches what a hurried operator types: one
 * character repeated, whitespace, a short word over and over. A random value passes easily
 * (`openssl rand -base64 48`: some 350 bits; `openssl rand -hex 16`, the shortest random
 * secret of 32 characters: some 115).
 */
export function estimatedEntropyBits(secret: string): number {
  const characters = [...secret];
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bitsPerCharacter = 0;
  for (const count of counts.values()) {
    const p = count / characters.length;
    bitsPerCharacter -= p * Math.log2(p);
  }
  return bitsPerCharacter * characters.length;
}

/** Below this, JWT_SECRET is refused: a 32-character secret needs at least 3 bits a character. */
export const MIN_SECRET_ENTROPY_BITS = 96;
