import { NamespacedNatsServer } from './namespaced-nats.server';

describe('NamespacedNatsServer', () => {
  const server = new NamespacedNatsServer({ namespace: 'spec', queue: 'spec' });
  server.addHandler('rpc.leads.list.v1', () => Promise.resolve(undefined));
  server.addHandler({ cmd: 'sum' }, () => Promise.resolve(undefined));

  it('should find a subscribed subject’s handler without trying the subject as JSON', () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(server.getHandlerByPattern('rpc.leads.list.v1')).not.toBeNull();
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it.each([
    ['an object pattern in Nest’s own form', '{"cmd":"sum"}', true],
    ['an object pattern with its keys spaced', '{ "cmd": "sum" }', true],
    ['a subject nothing handles', 'rpc.leads.unknown.v1', false],
  ])('should answer as Nest does when given %s', (_case, pattern, handled) => {
    expect(server.getHandlerByPattern(pattern) !== null).toBe(handled);
  });
});
