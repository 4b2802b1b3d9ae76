import { EventEnvelopeSchema } from '../common/envelope';
import { validatePlain } from '../common/validation';
import { PARTNERS_EVENT_CATALOGUE } from './catalogue';

describe('partners event catalogue', () => {
  const entries = PARTNERS_EVENT_CATALOGUE.map((entry) => [entry.contract.subject, entry] as const);

  it.each(entries)('should have a valid envelope and payload in the fixture of %s', (_subject, { contract, fixture }) => {
    expect(validatePlain(EventEnvelopeSchema, fixture, { allowUnknown: true })).toMatchObject({ ok: true });
    expect(validatePlain(contract.payload, fixture.payload)).toMatchObject({ ok: true });
    expect(`evt.${fixture.type}.v${fixture.version}`).toBe(contract.subject);
    expect(fixture.producer).toBe('partners');
  });

  it.each(entries)('should name %s evt.partners.<aggregate>.<verb-past>.v<n>', (subject) => {
    expect(subject).toMatch(/^evt\.partners\.[a-z-]+\.[a-z-]+\.v\d+$/);
  });

  it.each(entries)('should reject the payload of %s when it lost its partnerId', (_subject, { contract, fixture }) => {
    const { partnerId: _dropped, ...payload } = fixture.payload as { partnerId: string };
    expect(validatePlain(contract.payload, payload).ok).toBe(false);
  });

  it('should give every event its own fixture event id', () => {
    const ids = PARTNERS_EVENT_CATALOGUE.map((entry) => entry.fixture.eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
