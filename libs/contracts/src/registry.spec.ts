import { EventEnvelopeSchema } from './common/envelope';
import { validatePlain } from './common/validation';
import { EVENT_CATALOGUE, RPC_CATALOGUE } from './registry';

describe('event catalogue', () => {
  it.each(EVENT_CATALOGUE.map((entry) => [entry.contract.subject, entry] as const))(
    'should have a valid envelope and payload in the fixture of %s',
    (_subject, { contract, fixture }) => {
      expect(validatePlain(EventEnvelopeSchema, fixture, { allowUnknown: true })).toMatchObject({ ok: true });
      expect(validatePlain(contract.payload, fixture.payload)).toMatchObject({ ok: true });
      expect(`evt.${fixture.type}.v${fixture.version}`).toBe(contract.subject);
    },
  );

  it('should name subjects evt.<context>.<aggregate>.<verb-past>.v<n>', () => {
    for (const { contract } of EVENT_CATALOGUE) {
      expect(contract.subject).toMatch(/^evt\.(leads|deals|partners|iam)\.[a-z-]+\.[a-z-]+\.v\d+$/);
    }
  });

  it('should reject a fixture whose payload lost a required field', () => {
    const [{ contract, fixture }] = EVENT_CATALOGUE;
    const { leadId: _dropped, ...payload } = fixture.payload as { leadId: string };
    const result = validatePlain(contract.payload, payload);
    expect(result.ok).toBe(false);
  });
});

describe('request catalogue', () => {
  it.each(RPC_CATALOGUE.map((entry) => [entry.contract.subject, entry] as const))(
    'should have a valid request in the fixture of %s, named rpc.<context>.<verb-noun>.v<n>',
    (_subject, { contract, fixture }) => {
      expect(validatePlain(contract.request, fixture)).toMatchObject({ ok: true });
      expect(contract.subject).toMatch(/^rpc\.(leads|deals|partners|reporting|iam)\.[a-z-]+\.v\d+$/);
    },
  );

  it('should reject a request fixture whose actor is missing', () => {
    const [{ contract }] = RPC_CATALOGUE;
    expect(validatePlain(contract.request, {}).ok).toBe(false);
  });
});
