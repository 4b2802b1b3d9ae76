import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'saleswire:public-route';

/** Marks a route (or a controller) that answers without credentials: health, metrics, login. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
