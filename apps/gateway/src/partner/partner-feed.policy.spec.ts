import { feedEventFor, resumeAfter, sseEvent } from './partner-feed.policy';

const MINE = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';
const THEIRS = '01936f0e-8a4b-7c3d-9e2f-00000000bb02';
const envelope = (type: string, payload: object): string =>
  JSON.stringify({ eventId: 'e1', type, occurredAt: '2026-03-02T10:00:00.000Z', aggregateId: 'a1', aggregateVersion: 1, producer: 'partners', actor: { id: 'x' }, payload });

describe('partner feed policy', () => {
  it.each([
    ['its own registration', envelope('partners.deal-registration.submitted', { partnerId: MINE }), true],
    ['its own partner id in another case', envelope('partners.commission.accrued', { partnerId: MINE.toUpperCase() }), true],
    ["another partner's event", envelope('partners.deal-registration.submitted', { partnerId: THEIRS }), false],
    ['an event naming no partner', envelope('partners.something.happened', { registrationId: 'r1' }), false],
    ['a partner id that is not a string', envelope('partners.lead-offer.made', { partnerId: 42 }), false],
    ['its own lead’s change (ADR 0023)', envelope('partners.partner-lead.changed', { partnerId: MINE, leadId: 'l1' }), true],
    ["another partner's deal's change", envelope('partners.partner-deal.changed', { partnerId: THEIRS, dealId: 'd1' }), false],
    ['its own registration expiring', envelope('partners.deal-registration.expiring', { partnerId: MINE, daysLeft: 5 }), true],
    ['something unreadable', 'not json', false],
    ['JSON that is no envelope', 'null', false],
  ])('should %s keep %s', (_name, raw, kept) => {
    expect(feedEventFor(raw, MINE, 'partner_user') !== null).toBe(kept);
  });

  it('should forward the envelope without its actor and producer', () => {
    const event = feedEventFor(envelope('partners.lead-offer.made', { partnerId: MINE, offerId: 'o1' }), MINE, 'partner_user')!;
    expect(event).toEqual({
      type: 'partners.lead-offer.made',
      data: { eventId: 'e1', type: 'partners.lead-offer.made', occurredAt: '2026-03-02T10:00:00.000Z', aggregateId: 'a1', aggregateVersion: 1, payload: { partnerId: MINE, offerId: 'o1' } },
    });
  });

  it.each([
    ['partner_user', null],
    ['channel_manager', 'l1'],
  ] as const)("should show a %s a conflict's other record id as %s", (viewer, id) => {
    const raw = envelope('partners.channel-conflict.detected', { partnerId: MINE, conflicts: [{ kind: 'lead', id: 'l1', matchedOn: 'taxId' }] });
    expect(feedEventFor(raw, MINE, viewer)!.data.payload.conflicts).toEqual([{ kind: 'lead', id, matchedOn: 'taxId' }]);
  });

  it.each([
    [undefined, null],
    ['', null],
    ['42', 42],
    ['0', 0],
    ['-1', undefined],
    ['4.2', undefined],
    ['abc', undefined],
    [['1', '2'], undefined],
    ['1'.repeat(16), undefined],
  ])('should read Last-Event-ID %j as %s', (header, expected) => {
    expect(resumeAfter(header)).toBe(expected);
  });

  it('should frame an event with its id and type', () => {
    expect(sseEvent(7, { type: 't', data: { eventId: 'e', type: 't', occurredAt: 'o', aggregateId: 'a', aggregateVersion: 1, payload: {} } })).toBe(
      'id: 7\nevent: t\ndata: {"eventId":"e","type":"t","occurredAt":"o","aggregateId":"a","aggregateVersion":1,"payload":{}}\n\n',
    );
  });
});
