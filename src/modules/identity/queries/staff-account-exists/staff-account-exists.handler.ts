import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { StaffAccountExistsQuery } from '../../../../shared/auth/staff-account-exists.query.js';
import { ReadDatabase } from '../../../../shared/database/read-database.js';

/** For the access guard: is a staff token's subject (still) a staff account? */
@QueryHandler(StaffAccountExistsQuery)
export class StaffAccountExistsHandler implements IQueryHandler<StaffAccountExistsQuery> {
  constructor(private readonly db: ReadDatabase) {}

  async execute({ staffId }: StaffAccountExistsQuery): Promise<boolean> {
    // On the primary: a staff account that just logged in may not be on a replica yet. Cheap:
    // the guard caches the answer (30 s).
    const row = await this.db.onPrimary(() =>
      this.db
        .select('identity_staff_accounts', 's')
        .select('s.id', 'id')
        .where('s.id = :id', { id: staffId })
        .getRawOne<{ id: string }>(),
    );
    return row !== undefined;
  }
}
