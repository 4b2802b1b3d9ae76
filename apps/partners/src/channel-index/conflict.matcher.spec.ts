import { channelKeys } from './channel-keys';
import { conflictsOf, MAX_CONFLICTS, newConflicts, protectingRegistrations, type IndexHit } from './conflict.matcher';

const id = (n: number): string => `01936f12-0000-7000-8000-${String(n).padStart(12, '0')}`;
const NOW = new Date('2026-03-10T12:00:00Z');
const registration = channelKeys({ name: 'ООО «Ромашка»', taxId: '7707083893', email: 'buyer@romashka.example' });

describe('conflict matcher', () => {
  it.each([
    ['the tax id', { taxId: '77-07-083893', name: 'Other name' }, 'tax_id'],
    ['the email domain', { email: 'ceo@romashka.example', name: 'Other name' }, 'domain'],
    ['the web site domain', { website: 'https://www.romashka.example/', name: 'Other name' }, 'domain'],
    ['the name in another legal form', { name: 'Ромашка, ЗАО' }, 'name'],
    ['the name in Latin quotes and ё', { name: 'ООО "РОМАШКА"' }, 'name'],
    ['tax id and name together, naming the stronger', { taxId: '7707083893', name: 'Ромашка' }, 'tax_id'],
  ])('should find a lead matching on %s', (_case, lead, matchedOn) => {
    const hits: IndexHit[] = [{ kind: 'lead', id: id(1), keys: channelKeys(lead) }];
    expect(conflictsOf(registration, hits)).toEqual([{ kind: 'lead', id: id(1), matchedOn }]);
  });

  it('should not match on a public mail domain shared by both', () => {
    const mine = channelKeys({ name: 'Alpha', email: 'alpha@gmail.com' });
    const hits: IndexHit[] = [{ kind: 'lead', id: id(1), keys: channelKeys({ name: 'Beta', email: 'beta@gmail.com' }) }];
    expect(conflictsOf(mine, hits)).toEqual([]);
  });

  it('should drop a hit that shares no key any more', () => {
    expect(conflictsOf(registration, [{ kind: 'deal', id: id(1), keys: ['n:other'] }])).toEqual([]);
  });

  it('should give one conflict per record, registrations first, then deals and leads, each by id', () => {
    const hits: IndexHit[] = [
      { kind: 'lead', id: id(3), keys: ['n:ромашка'] },
      { kind: 'deal', id: id(2), keys: ['n:ромашка'] },
      { kind: 'registration', id: id(9), keys: ['n:ромашка'] },
      { kind: 'lead', id: id(1), keys: ['d:romashka.example'] },
      { kind: 'lead', id: id(1), keys: ['t:7707083893'] },
    ];
    expect(conflictsOf(registration, hits)).toEqual([
      { kind: 'registration', id: id(9), matchedOn: 'name' },
      { kind: 'deal', id: id(2), matchedOn: 'name' },
      { kind: 'lead', id: id(1), matchedOn: 'tax_id' },
      { kind: 'lead', id: id(3), matchedOn: 'name' },
    ]);
  });

  it('should record at most MAX_CONFLICTS conflicts', () => {
    const hits: IndexHit[] = Array.from({ length: MAX_CONFLICTS + 10 }, (_, n) => ({ kind: 'lead', id: id(n), keys: ['n:ромашка'] }));
    expect(conflictsOf(registration, hits)).toHaveLength(MAX_CONFLICTS);
  });

  it.each([
    ['approved and protected until later', 'approved', new Date('2026-04-01T00:00:00Z'), true],
    ['approved but its protection over', 'approved', new Date('2026-03-10T11:59:59Z'), false],
    ['only submitted', 'submitted', null, false],
  ])('should say whether a registration %s protects the customer', (_case, status, protectedUntil, protecting) => {
    const hit: IndexHit = { kind: 'registration', id: id(1), keys: ['t:7707083893'], status, protectedUntil };
    expect(protectingRegistrations(registration, [hit], NOW)).toEqual(protecting ? [hit] : []);
  });

  it('should name only the conflicts a re-check found anew', () => {
    const known = [{ kind: 'lead' as const, id: id(1), matchedOn: 'name' as const }];
    const next = [...known, { kind: 'deal' as const, id: id(2), matchedOn: 'domain' as const }];
    expect(newConflicts(known, next)).toEqual([{ kind: 'deal', id: id(2), matchedOn: 'domain' }]);
  });
});
