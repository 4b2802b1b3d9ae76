import 'reflect-metadata';
import { runMigrationCli } from '@saleswire/database';
import { loadConfig } from './config';
import { dataSourceOptions } from './data-source';

void runMigrationCli(dataSourceOptions(loadConfig())).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
