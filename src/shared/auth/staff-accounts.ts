import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { StaffAccountExistsQuery } from './staff-account-exists.query.js';

/** How long an answer is reused: a removed staff account's tokens stop working within this. */
export const STAFF_EXISTENCE_CACHE_MS = 30_000;
/** Past this many cached ids the cache starts over, so a flood of ids cannot grow it forever. */
const MAX_CACHED = 10_000;

/**
 * Whether a staff token's subject is still a staff account, asked of the identity module
 * (StaffAccountExistsQuery) and remembered for STAFF_EXISTENCE_CACHE_MS per id: a staff
 * request then costs a lookup twice a minute, not every time.
 */
@Injectable()
export class StaffAccounts {
  private readonly known = new Map<string, { exists: boolean; until: number }>();

  constructor(private readonly queryBus: QueryBus) {}

  async exists(staffId: string): Promise<boolean> {
    const now = Date.now();
    const cached = this.known.get(staffId);
    if (cached && cached.until > now) return cached.exists;
    const exists = await this.queryBus.execute(new StaffAccountExistsQuery(staffId));
    if (this.known.size >= MAX_CACHED) this.known.clear();
    this.known.set(staffId, { exists, until: now + STAFF_EXISTENCE_CACHE_MS });
    return exists;
  }
}
