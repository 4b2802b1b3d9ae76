import type { Role } from '@saleswire/contracts';
import { AggregateEntity } from '@saleswire/database';
import { Column, Entity } from 'typeorm';

@Entity('app_user')
export class UserEntity extends AggregateEntity {
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: Role;

  @Column('uuid', { nullable: true })
  partnerId!: string | null;

  @Column('text', { select: false })
  passwordHash!: string;

  @Column('boolean', { default: true })
  active!: boolean;
}
