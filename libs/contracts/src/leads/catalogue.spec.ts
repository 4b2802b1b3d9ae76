import { EventEnvelopeSchema } from '../common/envelope';
import { validatePlain } from '../common/validation';
import { LEADS_EVENT_CATALOGUE } from './catalogue';

describe('leads event catalogue', () => {
  it.each(LEADS_EVENT_CATALOGUE.map((entry) => [entry.contract.subject, entry] as const))(
    'should have a valid envelope and payload in the fixture of %s',
    (_subject, { contract, fixture }) => {
      expect(validatePlain(EventEnvelopeSchema, fixture, { allowUnknown: true })).toMatchObject({ ok: true });
      expect(validatePlain(contract.payload, fixture.payload)).toMatchObject({ ok: true });
      expect(`evt.${fixture.type}.v${fixture.version}`).toBe(contract.subject);
      expect(fixture.producer).toBe('leads');
    },
  );

  it('should name subjects evt.leads.<aggregate>.<verb-past>.v<n>', () => {
    for (const { contract } of LEADS_EVENT_CATALOGUE) expect(contract.subject).toMatch(/^evt\.leads\.(lead|lead-import|marketing-event)\.[a-z-]+\.v\d+$/);
  });

  it.each(LEADS_EVENT_CATALOGUE.filter((entry) => 'leadId' in entry.fixture.payload).map((entry) => [entry.contract.subject, entry] as const))(
    'should reject the payload of %s when it lost its leadId',
    (_subject, { contract, fixture }) => {
      const { leadId: _dropped, ...payload } = fixture.payload as { leadId: string };
      expect(validatePlain(contract.payload, payload).ok).toBe(false);
    },
  );
});
