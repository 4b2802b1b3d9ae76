import type { Repository, SelectQueryBuilder } from 'typeorm';
import type { UserEntity } from './user.entity';

/**
 * `GET /users`' page query, oldest first by keyset on the id: by role from `app_user_role_idx (role, id)`,
 * unfiltered from the primary key. Its own function so the plan test explains exactly what the list runs.
 */
export function usersPageQuery(users: Repository<UserEntity>, role: string | undefined, afterId: string | undefined): SelectQueryBuilder<UserEntity> {
  const qb = users.createQueryBuilder('u');
  if (role) qb.andWhere('u.role = :role', { role });
  if (afterId) qb.andWhere('u.id > :afterId', { afterId });
  return qb.orderBy('u.id', 'ASC');
}
