/** Injection tokens of the messaging module. */
export const MESSAGING_CONFIG = Symbol('MESSAGING_CONFIG');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
