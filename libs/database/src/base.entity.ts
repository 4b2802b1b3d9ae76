import { BeforeInsert, CreateDateColumn, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { uuidv7 } from './uuid-v7';

/** Id (UUID v7 made in code), optimistic `version`, and timestamps: the columns every aggregate has. */
export abstract class AggregateEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @VersionColumn({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @BeforeInsert()
  protected assignId(): void {
    this.id ??= uuidv7();
  }
}

/** Columns of type numeric come back from pg as strings; this maps money to a JS number of major units. */
export const MONEY_TRANSFORMER = {
  to: (value: number | null | undefined): string | null | undefined =>
    value === null || value === undefined ? value : value.toFixed(2),
  from: (value: string | null): number | null => (value === null ? null : Number(value)),
};
