import type { FastifyReply, FastifyRequest } from 'fastify';

/** Deeper bodies are refused: no request of this API needs more than a few levels. */
export const MAX_BODY_DEPTH = 32;

/**
 * Objects with more keys are refused, in the body and as query parameters: the largest
 * object this API takes has four fields. Each unknown key costs a validation error, and a
 * 100 kB body holds thousands of them.
 */
export const MAX_OBJECT_KEYS = 100;

/**
 * Bodies with more keys and array items than this, counted over every level, are refused:
 * the largest valid body, an order of 100 lines, has about 300. Each of them can cost a
 * validation error (24,000 numbers as an order's `lines` answered a 970 kB error list).
 */
export const MAX_BODY_ENTRIES = 1000;

/**
 * Refuses, with a 400 and before any validation runs, input that would otherwise reach
 * code that cannot take it:
 * - bodies nested deeper than MAX_BODY_DEPTH (class-transformer recurses, and a few
 *   thousand `[` overflow the stack);
 * - bodies with an object of more than MAX_OBJECT_KEYS keys, or more than MAX_BODY_ENTRIES
 *   keys and array items in all, and query strings of more than MAX_OBJECT_KEYS parameters
 *   (validating them would list one error per key: 5,000 held the event loop some 35 ms,
 *   150 ms on a cold start, for a 169 kB answer);
 * - strings with NUL characters (PostgreSQL cannot store them) or unpaired UTF-16
 *   surrogates (not Unicode; validators and drivers throw on them);
 * - body keys, at any depth, and query parameters named like Object.prototype members
 *   (`constructor`, `toString`, `__proto__`, ...), which the validation whitelist would
 *   take for declared properties. (Fastify's JSON parser already refuses `__proto__`
 *   keys, and `constructor` keys holding a `prototype`, before this hook runs.)
 * Walks iteratively, so the check itself cannot overflow.
 */
export function rejectMalformedInput(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  const problem = problemWithQuery(request.query) ?? problemWithBody(request.body);
  if (problem === undefined) return done();
  void reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: problem });
}

function problemWithQuery(query: unknown): string | undefined {
  if (query === null || typeof query !== 'object') return undefined;
  const entries = Object.entries(query);
  if (entries.length > MAX_OBJECT_KEYS) {
    return `query string has more than ${MAX_OBJECT_KEYS} parameters`;
  }
  for (const [key, value] of entries) {
    if (key in Object.prototype) return `query parameter ${key} is not allowed`;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && !isClean(item)) return `query parameter ${key} ${UNCLEAN}`;
    }
  }
  return undefined;
}

/** A value still to look at, and where it is (its key and its parent's place, for messages). */
interface Place {
  value: unknown;
  depth: number;
  key?: string;
  parent?: Place;
}

function problemWithBody(body: unknown): string | undefined {
  const pending: Place[] = [{ value: body, depth: 0 }];
  let entries = 0;
  while (pending.length > 0) {
    const place = pending.pop()!;
    const { value, depth } = place;
    if (typeof value === 'string') {
      if (!isClean(value)) return `body ${UNCLEAN}`;
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_BODY_DEPTH) return `body is nested more than ${MAX_BODY_DEPTH} levels deep`;
      const isArray = Array.isArray(value);
      const keys = Object.keys(value);
      if (!isArray && keys.length > MAX_OBJECT_KEYS) {
        return `${described(place)} has more than ${MAX_OBJECT_KEYS} keys`;
      }
      entries += keys.length;
      if (entries > MAX_BODY_ENTRIES) {
        return `body has more than ${MAX_BODY_ENTRIES} keys and array items in all`;
      }
      for (const key of keys) {
        if (!isClean(key)) return `body ${UNCLEAN}`;
        const child: Place = {
          value: (value as Record<string, unknown>)[key],
          depth: depth + 1,
          key,
          parent: place,
        };
        if (!isArray && key in Object.prototype) return `${described(child)} is not allowed`;
        pending.push(child);
      }
    }
  }
  return undefined;
}

/** `body` itself, or `body field address.street`, `body field lines.0.quantity`. */
function described(place: Place): string {
  const path: string[] = [];
  for (let at: Place | undefined = place; at?.key !== undefined; at = at.parent) {
    path.unshift(at.key);
  }
  return path.length === 0 ? 'body' : `body field ${path.join('.')}`;
}

const UNCLEAN = 'contains a NUL character or an unpaired UTF-16 surrogate';

function isClean(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}
