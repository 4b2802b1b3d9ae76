import { EventEnvelopeSchema } from '../common/envelope';
import { validatePlain } from '../common/validation';
import { IAM_EVENT_CATALOGUE } from './catalogue';

describe('iam event catalogue', () => {
  const entries = IAM_EVENT_CATALOGUE.map((entry) => [entry.contract.subject, entry] as const);

  it.each(entries)('should have a valid envelope and payload in the fixture of %s', (_subject, { contract, fixture }) => {
    expect(validatePlain(EventEnvelopeSchema, fixture, { allowUnknown: true })).toMatchObject({ ok: true });
    expect(validatePlain(contract.payload, fixture.payload)).toMatchObject({ ok: true });
    expect(`evt.${fixture.type}.v${fixture.version}`).toBe(contract.subject);
    expect(contract.producer).toBe('iam');
  });

  it.each(entries)('should reject the payload of %s when it lost its userId', (_subject, { contract, fixture }) => {
    const { userId: _dropped, ...payload } = fixture.payload as { userId: string };
    expect(validatePlain(contract.payload, payload).ok).toBe(false);
  });

  it.each(entries)('should reject the payload of %s when active is not a boolean', (_subject, { contract, fixture }) => {
    expect(validatePlain(contract.payload, { ...fixture.payload, active: 'yes' }).ok).toBe(false);
  });
});
