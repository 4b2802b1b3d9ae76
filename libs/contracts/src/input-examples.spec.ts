import type { ClassConstructor } from 'class-transformer';
import * as contracts from './index';
import { validatePlain } from './common/validation';
import { INPUT_EXAMPLES } from './registry';

// class-transformer exports its storage only by path; @Type says which class a request's `input` is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/** The class of every request's `input`: the bodies clients send through the gateway. */
const BODIES = [
  ...new Set(
    (Object.values(contracts) as unknown[]).flatMap((value) => {
      const request = (value as { request?: unknown } | null)?.request;
      const type = typeof request === 'function' ? defaultMetadataStorage.findTypeMetadata(request, 'input') : undefined;
      return type?.typeFunction ? [type.typeFunction() as ClassConstructor<object>] : [];
    }),
  ),
];

describe('input examples', () => {
  it.each(INPUT_EXAMPLES.map((entry) => [entry.input.name, entry] as const))('should be valid when it is the example of %s', (_name, { input, example }) => {
    expect(validatePlain(input, example)).toMatchObject({ ok: true });
  });

  it('should have an example for every body a request carries as its input', () => {
    expect(BODIES.length).toBeGreaterThan(10);
    const exemplified = new Set(INPUT_EXAMPLES.map((entry) => entry.input));
    expect(BODIES.filter((body) => !exemplified.has(body)).map((body) => body.name)).toEqual([]);
  });
});
