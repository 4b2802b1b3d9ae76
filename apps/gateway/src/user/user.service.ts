import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUuid, SYSTEM_ACTOR, USER_CREATED_V1, type ActorV1, type Page, type Role } from '@saleswire/contracts';
import { NotFoundError, Outbox } from '@saleswire/messaging';
import { QueryFailedError, type Repository } from 'typeorm';
import { PARTNER_ACTIVE_CHECK, type PartnerActiveCheck } from '../api-key/partner-active.check';
import { hashPassword, verifyPassword } from '../auth/password.hasher';
import { AUTH_CONFIG } from '../auth/token.service';
import type { AuthConfig } from '../config';
import { readPage } from '../http/route-conventions';
import type { CreateUserDto } from './dto/create-user.dto';
import type { ListUsersQuery } from './dto/list-users.query';
import { usersPageQuery } from './user-list.query';
import { UserEntity } from './user.entity';
import { EmailTakenError, PartnerOnlyForPartnerUsersError } from './user.errors';
import { toUserFacts } from './user.mapper';
import { toUserDirectoryEntry, toUserView, type UserDirectoryEntry, type UserView } from './user.view';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class UserService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UserService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly outbox: Outbox,
    @Inject(PARTNER_ACTIVE_CHECK) private readonly partners: PartnerActiveCheck,
  ) {}

  /** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no user has that email. */
  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.adminEmail;
    if (await this.users.exists({ where: { email } })) return;
    try {
      await this.create({ email, name: 'Administrator', role: 'admin', password: this.config.adminPassword }, SYSTEM_ACTOR);
      this.logger.log({ msg: 'bootstrap admin created', email, defaultPassword: this.config.adminPasswordDefault });
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error; // another gateway replica made it first
    }
  }

  /**
   * `POST /users`: the user, its `evt.iam.user.created.v1` and, when the request has an `Idempotency-Key`, the
   * key with the answer, in one transaction, so a retry after a lost answer gets that answer rather than "email
   * already in use", and the event is published once.
   */
  async create(input: CreateUserDto, actor: ActorV1): Promise<UserView> {
    if (input.partnerId && input.role !== 'partner_user') throw new PartnerOnlyForPartnerUsersError();
    // Asked of the partners service, not taken on trust: a partner user of no partner, or of a suspended one, is 422.
    if (input.role === 'partner_user' && input.partnerId) await this.partners.assertActive(input.partnerId);
    const email = input.email.trim().toLowerCase();
    // Hashed before the transaction, which should not hold a connection through the hash's deliberate slowness.
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.outbox.command(async (tx) => {
        const user = tx.manager.create(UserEntity, {
          email,
          name: input.name.trim(),
          role: input.role,
          partnerId: input.partnerId ?? null,
          passwordHash,
          active: true,
        });
        const saved = await tx.manager.save(user);
        tx.emit(USER_CREATED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toUserFacts(saved) });
        return toUserView(saved);
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new EmailTakenError(email);
      }
      throw error;
    }
  }

  /**
   * `GET /users`: an administrator gets each user whole; anyone else who may read the directory gets its
   * directory fields only (`UserDirectoryEntry`), so the version and creation time stay an administrator's.
   */
  async list(query: ListUsersQuery, role: Role): Promise<Page<UserView | UserDirectoryEntry>> {
    const page = await readPage(
      query,
      (after, take) => usersPageQuery(this.users, query.role, typeof after?.id === 'string' ? after.id : undefined).take(take).getMany(),
      (user) => ({ id: user.id }),
      (position) => isUuid(position.id),
    );
    return { ...page, items: page.items.map(role === 'admin' ? toUserView : toUserDirectoryEntry) };
  }

  /** One user, or 404. */
  async get(id: string): Promise<UserView> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError('User', id);
    return toUserView(user);
  }

  /** The active user with this email and password, or null. */
  async authenticate(email: string, password: string): Promise<UserEntity | null> {
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.email) = lower(:email) AND user.active', { email })
      .getOne();
    if (!user) return null;
    return (await verifyPassword(password, user.passwordHash)) ? user : null;
  }
}
