import { Module, type DynamicModule } from '@nestjs/common';
import { UserDirectory, USER_DIRECTORY_SETTINGS, type UserDirectorySettings } from './user-directory';
import { UserDirectoryEventsController } from './user-directory.events.controller';

/**
 * A service that checks the users a request names (leads: assignees; deals: owners and team members) imports
 * this, lists `UserDirectory1764800000000` in its migrations and consumes events (`consumes: true`).
 */
@Module({})
export class UserDirectoryModule {
  static forRoot(settings: UserDirectorySettings): DynamicModule {
    return {
      module: UserDirectoryModule,
      global: true,
      controllers: [UserDirectoryEventsController],
      providers: [{ provide: USER_DIRECTORY_SETTINGS, useValue: settings }, UserDirectory],
      exports: [UserDirectory],
    };
  }
}
