import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startServiceApp } from '@saleswire/messaging';
import { loadConfig } from './config';
import { createGatewayApp } from './gateway-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createGatewayApp(config);
  const logger = new Logger('Gateway');
  if (config.auth.jwtSecretGenerated) {
    logger.warn('JWT_SECRET is not set: tokens are signed with a random key and die with this process. Set it in production.');
  }
  if (config.auth.adminPasswordDefault) {
    logger.warn(`ADMIN_PASSWORD is not set: the admin ${config.auth.adminEmail} has the default password. Set it in production.`);
  }
  await startServiceApp(app, config.port, config.host);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
