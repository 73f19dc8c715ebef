import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './access.guard.js';
import type { Principal } from './principal.js';

/**
 * `@Caller()`: the principal the AccessGuard verified. Only on routes that are not public
 * (there is always one there; on a public route it would be undefined).
 */
export const Caller = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().caller as Principal,
);
