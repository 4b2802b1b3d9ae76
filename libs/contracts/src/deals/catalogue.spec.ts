import { EventEnvelopeSchema } from '../common/envelope';
import { validatePlain } from '../common/validation';
import { DEALS_EVENT_CATALOGUE } from './catalogue';

describe('deals event catalogue', () => {
  const entries = DEALS_EVENT_CATALOGUE.map((entry) => [entry.contract.subject, entry] as const);

  it.each(entries)('should have a valid envelope and payload in the fixture of %s', (_subject, { contract, fixture }) => {
    expect(validatePlain(EventEnvelopeSchema, fixture, { allowUnknown: true })).toMatchObject({ ok: true });
    expect(validatePlain(contract.payload, fixture.payload)).toMatchObject({ ok: true });
    expect(`evt.${fixture.type}.v${fixture.version}`).toBe(contract.subject);
    expect(fixture.producer).toBe('deals');
  });

  it.each(entries)('should name %s evt.deals.<aggregate>.<verb-past>.v<n>', (subject) => {
    expect(subject).toMatch(/^evt\.deals\.[a-z-]+\.[a-z-]+\.v\d+$/);
  });

  const ofDeals = entries.filter(([, { fixture }]) => 'customerId' in fixture.payload);

  it.each(ofDeals)('should reject the payload of %s when it lost its customerId', (_subject, { contract, fixture }) => {
    const { customerId: _dropped, ...payload } = fixture.payload as { customerId: string };
    expect(validatePlain(contract.payload, payload).ok).toBe(false);
  });

  it('should reject a pipeline.created whose stages are empty', () => {
    const pipeline = entries.find(([subject]) => subject === 'evt.deals.pipeline.created.v1')![1];
    expect(validatePlain(pipeline.contract.payload, { ...pipeline.fixture.payload, stages: [] }).ok).toBe(false);
  });

  it('should give every event its own fixture event id', () => {
    const ids = DEALS_EVENT_CATALOGUE.map((entry) => entry.fixture.eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
