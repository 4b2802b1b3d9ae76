import './tracing';
import 'reflect-metadata';
import { runService } from '@saleswire/messaging';
import { AppModule } from './app.module';
import { loadConfig } from './config';

const config = loadConfig();
runService(config, AppModule.forRoot(config), { answersRequests: true }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
