import { BadRequestException, ForbiddenException } from '@nestjs/common';
import type { Principal } from './principal.js';

/**
 * The customer a request acts for. A customer acts as itself: it may leave the customer id
 * out, or name itself; naming another customer is 403. Staff act for anyone, and must say whom.
 */
export function actingCustomer(caller: Principal, requested: string | undefined): string {
  if (caller.role === 'customer') {
    if (requested !== undefined && requested !== caller.id) {
      throw new ForbiddenException('a customer can act only for itself');
    }
    return caller.id;
  }
  if (requested === undefined) {
    throw new BadRequestException(['customerId is required for staff: the customer to act for']);
  }
  return requested;
}

/**
 * Whose data a request may see: a customer only its own (another's answers 404, so its
 * existence does not leak), staff everyone's (undefined: no restriction).
 */
export const ownerScope = (caller: Principal): string | undefined =>
  caller.role === 'customer' ? caller.id : undefined;
