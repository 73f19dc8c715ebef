import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_RULES, type AccessRule } from './access.decorator.js';
import { AccessTokenService } from './access-token.service.js';
import type { Principal } from './principal.js';
import { StaffAccounts } from './staff-accounts.js';

/** The request, once the guard has let it in: `caller` is set on every non-public route. */
export type AuthenticatedRequest = FastifyRequest & { caller?: Principal };

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * Enforces the `@Access(...)` declared on each route (see access.decorator.ts), for every
 * route of the app (registered as APP_GUARD). It runs before pipes and handlers, so a denied
 * request never reaches validation or the buses.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly staffAccounts: StaffAccounts,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rules = this.reflector.getAllAndOverride<AccessRule[] | undefined>(ACCESS_RULES, [
      context.getHandler(),
      context.getClass(),
    ]);
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    if (rules?.includes('public')) return true;

    const header = request.headers.authorization;
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    const caller = token ? await this.callerOf(token) : undefined;
    if (!caller) {
      void http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException(
        token ? 'the access token is invalid or expired' : 'an access token is required',
      );
    }
    request.caller = caller;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    if ((rules ?? []).some((rule) => allows(rule, caller, params))) return true;
    throw new ForbiddenException('not allowed for this caller');
  }

  /**
   * The principal of a valid token. A staff token must also name an existing staff account
   * (asked through a short cache): staff rights end with the account, not with the token.
   */
  private async callerOf(token: string): Promise<Principal | undefined> {
    const caller = await this.tokens.verify(token);
    if (caller?.role === 'staff' && !(await this.staffAccounts.exists(caller.id))) {
      return undefined;
    }
    return caller;
  }
}

function allows(rule: AccessRule, caller: Principal, params: Record<string, string | undefined>) {
  switch (rule) {
    case 'public':
      return true;
    case 'staff':
      return caller.role === 'staff';
    case 'customer':
      return caller.role === 'customer';
    case 'customer:self':
      return caller.role === 'customer' && params.id?.toLowerCase() === caller.id;
  }
}
