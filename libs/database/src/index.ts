export * from './uuid-v7';
export * from './naming.strategy';
export * from './database.config';
export * from './migrate';
export * from './base.entity';
export * from './database.module';
export * from './schema';
export * from './bulk-insert';
