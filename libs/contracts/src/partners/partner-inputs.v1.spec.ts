import { validatePlain } from '../common/validation';
import { ApproveDealRegistrationInputV1 } from './approve-deal-registration.v1';
import { CreatePartnerInputV1 } from './create-partner.v1';
import { ListDealRegistrationsQueryV1 } from './list-deal-registrations.v1';
import { isRegionCode } from '../common/regions';
import { SubmitDealRegistrationInputV1 } from './submit-deal-registration.v1';
import { UpdatePartnerInputV1 } from './update-partner.v1';

const fieldsOf = (result: ReturnType<typeof validatePlain>): string[] => (result.ok ? [] : result.errors.map((error) => error.field));

describe('partners inputs', () => {
  it.each([['DE'], ['de'], ['DE-BY'], ['RU-MOW'], ['GB-ENG'], ['FR-75'], ['US-CA']])('should accept %s as a region', (code) => {
    expect(isRegionCode(code)).toBe(true);
  });

  it.each([['XX'], ['DEU'], ['D'], ['DE-'], ['DE-BAVA'], ['DE_BY'], [' DE'], ['ZZ-01'], [''], [42]])('should refuse %p as a region', (code) => {
    expect(isRegionCode(code)).toBe(false);
  });

  const partner = { name: 'Baltic Systems', kind: 'reseller', tier: 'gold', territories: ['DE', 'RU-MOW'], commissionRate: 0.1 };

  it('should accept a partner with its territories, rate and no routing weight', () => {
    expect(validatePlain(CreatePartnerInputV1, partner)).toMatchObject({ ok: true });
  });

  it.each([
    ['kind', { kind: 'broker' }],
    ['tier', { tier: 'platinum' }],
    ['territories', { territories: ['DE', 'Bavaria'] }],
    ['territories', { territories: 'DE' }],
    ['commissionRate', { commissionRate: 10 }],
    ['commissionRate', { commissionRate: 0.12345 }],
    ['commissionRate', { commissionRate: -0.1 }],
    ['routingWeight', { routingWeight: -1 }],
    ['routingWeight', { routingWeight: 1.5 }],
    ['name', { name: '' }],
    ['unexpected', { unexpected: true }],
  ])('should name %s when a new partner has %p', (field, patch) => {
    expect(fieldsOf(validatePlain(CreatePartnerInputV1, { ...partner, ...patch }))).toContain(field);
  });

  it('should let a PATCH hand the routing weight back to the tier with null', () => {
    expect(validatePlain(UpdatePartnerInputV1, { routingWeight: null })).toMatchObject({ ok: true });
    expect(fieldsOf(validatePlain(UpdatePartnerInputV1, { routingWeight: 'high' }))).toContain('routingWeight');
  });

  const registration = {
    customer: { name: 'ООО «Ромашка»', taxId: '7707083893', email: 'buyer@romashka.example', website: 'https://www.romashka.example/' },
    title: 'Terminals',
    expectedAmount: 1000,
    currency: 'RUB',
    expectedCloseDate: '2026-06-30',
  };

  it('should accept a registration with every customer key', () => {
    expect(validatePlain(SubmitDealRegistrationInputV1, registration)).toMatchObject({ ok: true });
  });

  it.each([
    ['customer.name', { customer: { taxId: '7707083893' } }],
    ['customer.website', { customer: { name: 'A', website: 'not a site' } }],
    ['customer.email', { customer: { name: 'A', email: 'nobody' } }],
    ['customer.taxId', { customer: { name: 'A', taxId: '12' } }],
    ['customer.unexpected', { customer: { name: 'A', unexpected: 1 } }],
    ['expectedAmount', { expectedAmount: -1 }],
    ['currency', { currency: 'rubles' }],
    ['expectedCloseDate', { expectedCloseDate: 'next spring' }],
  ])('should name %s when a registration has %p', (field, patch) => {
    expect(fieldsOf(validatePlain(SubmitDealRegistrationInputV1, { ...registration, ...patch }))).toContain(field);
  });

  it.each([
    ['an override without a reason', { override: true }, ['reason']],
    ['an empty reason', { override: true, reason: '' }, ['reason']],
    ['a protection of 0 days', { protectionDays: 0 }, ['protectionDays']],
    ['a protection of more than a year', { protectionDays: 400 }, ['protectionDays']],
  ])('should refuse an approval with %s', (_case, body, fields) => {
    expect(fieldsOf(validatePlain(ApproveDealRegistrationInputV1, body))).toEqual(expect.arrayContaining(fields));
  });

  it('should accept an approval with nothing, and an override with its reason', () => {
    expect(validatePlain(ApproveDealRegistrationInputV1, {})).toMatchObject({ ok: true });
    expect(validatePlain(ApproveDealRegistrationInputV1, { override: true, reason: 'Customer asked for this partner' })).toMatchObject({ ok: true });
  });

  it('should filter registrations by conflict only with true or false', () => {
    expect(validatePlain(ListDealRegistrationsQueryV1, { conflict: 'true' })).toMatchObject({ ok: true });
    expect(fieldsOf(validatePlain(ListDealRegistrationsQueryV1, { conflict: 'yes' }))).toContain('conflict');
  });
});
