export * from './correlation';
export * from './json-logger';
export * from './metrics';
export * from './health';
export * from './observability.controller';
export * from './observability.module';
export * from './http-correlation';
export * from './public.decorator';
