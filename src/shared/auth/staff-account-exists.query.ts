import { Query } from '@nestjs/cqrs';

/**
 * Whether a staff account with this id exists: the guard asks before it lets a staff token
 * in (a token outlives nothing it names). Answered by the identity module, which owns the
 * staff accounts; defined here because the guard knows no module.
 */
export class StaffAccountExistsQuery extends Query<boolean> {
  constructor(readonly staffId: string) {
    super();
  }
}
