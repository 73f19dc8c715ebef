import type { FastifyReply, FastifyRequest } from 'fastify';

/** Deeper bodies are refused: no request of this API needs more than a few levels. */
export const MAX_BODY_DEPTH = 32;

/**
 * Refuses, with a 400 and before any validation runs, input that would otherwise reach
 * code that cannot take it:
 * - bodies nested deeper than MAX_BODY_DEPTH (class-transformer recurses, and a few
 *   thousand `[` overflow the stack);
 * - strings with NUL characters (PostgreSQL cannot store them) or unpaired UTF-16
 *   surrogates (not Unicode; validators and drivers throw on them);
 * - query parameters named like Object.prototype members (`constructor`, `toString`),
 *   which the validation whitelist would take for declared properties.
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
  for (const [key, value] of Object.entries(query)) {
    if (key in Object.prototype) return `query parameter ${key} is not allowed`;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && !isClean(item)) return `query parameter ${key} ${UNCLEAN}`;
    }
  }
  return undefined;
}

function problemWithBody(body: unknown): string | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value: body, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (!isClean(value)) return `body ${UNCLEAN}`;
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_BODY_DEPTH) return `body is nested more than ${MAX_BODY_DEPTH} levels deep`;
      for (const [key, child] of Object.entries(value)) {
        if (!isClean(key)) return `body ${UNCLEAN}`;
        pending.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

const UNCLEAN = 'contains a NUL character or an unpaired UTF-16 surrogate';

function isClean(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}
