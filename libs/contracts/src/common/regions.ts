import { isISO31661Alpha2, registerDecorator, type ValidationOptions } from 'class-validator';

const REGION_SHAPE = /^([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?$/;

/**
 * Whether a value is a region as API.md names them: an ISO 3166-1 alpha-2 country (`DE`) or an ISO 3166-2
 * subdivision of one (`DE-BY`, `RU-MOW`), in either case. The country is checked against ISO 3166-1; of the
 * subdivision only its ISO 3166-2 shape (1–3 letters or digits), since the standard's ~5,000 codes change yearly.
 */
export function isRegionCode(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = REGION_SHAPE.exec(value);
  return match !== null && isISO31661Alpha2(match[1].toUpperCase());
}

/** The canonical form of a region code: upper case, trimmed. */
export function normaliseRegion(code: string): string {
  return code.trim().toUpperCase();
}

/** Validates a region code (`each: true` for a list of them). */
export function IsRegionCode(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isRegionCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isRegionCode(value),
        defaultMessage: (args) => `${args?.property ?? 'region'} must be ISO 3166-1 alpha-2 or ISO 3166-2 codes such as DE, DE-BY or RU-MOW`,
      },
    });
}
