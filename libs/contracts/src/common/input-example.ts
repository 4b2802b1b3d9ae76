import type { ClassConstructor } from 'class-transformer';

/**
 * A valid example of a request body, beside the events' fixtures: the OpenAPI document shows it for its class,
 * and tests start from it (the gateway's fuzz suite mutates it into bad input).
 */
export interface InputExample<T extends object = object> {
  input: ClassConstructor<T>;
  example: T;
}

/** Pairs a class with its example, checking at compile time that the example is of that class's shape. */
export function inputExample<T extends object>(input: ClassConstructor<T>, example: T): InputExample {
  return { input, example } as InputExample;
}
