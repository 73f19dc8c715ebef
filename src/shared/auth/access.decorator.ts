import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseSchema } from '../http/error-response.schema.js';

/**
 * Who may call a route, declared on the route itself (several rules: any of them lets in):
 *
 * - `public`: anyone, no token needed (a token sent along is ignored);
 * - `staff`: a staff token;
 * - `customer`: any customer token; the route acts on the caller's own data only
 *   (GET /me/orders, an order of its own: another customer's order answers 404);
 * - `customer:self`: a customer token whose subject is the route's `:id`.
 *
 * No token, or a bad one (expired, tampered, unsigned, wrongly signed): 401. A good token
 * that no rule lets in: 403. A route without `@Access` lets nobody in.
 */
export type AccessRule = 'public' | 'staff' | 'customer' | 'customer:self';

export const ACCESS_RULES = 'access:rules';

/** The bearer security scheme's name in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

const WHO: Record<AccessRule, string> = {
  public: 'anyone',
  staff: 'staff',
  customer: 'a customer (its own data only)',
  'customer:self': 'the customer itself',
};

export const Access = (...rules: [AccessRule, ...AccessRule[]]) => {
  const decorators = [SetMetadata(ACCESS_RULES, rules), ApiExtension('x-access', rules)];
  if (rules.includes('public')) return applyDecorators(...decorators);
  return applyDecorators(
    ...decorators,
    ApiBearerAuth(BEARER_SCHEME),
    ApiUnauthorizedResponse({
      description: 'No access token, or an invalid or expired one.',
      type: ErrorResponseSchema,
    }),
    ApiForbiddenResponse({
      description: `The token is valid but not allowed here. Allowed: ${rules.map((rule) => WHO[rule]).join(', ')}.`,
      type: ErrorResponseSchema,
    }),
  );
};
