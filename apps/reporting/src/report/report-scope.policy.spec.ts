import type { ActorV1, ReportFilterV1 } from '@saleswire/contracts';
import { ForbiddenError, NotFoundError } from '@saleswire/messaging';
import { scopeReport, type ReportKind } from './report-scope.policy';

const MANAGER: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null };
const OTHER = '01936f0e-8a4b-7c3d-9e2f-0000000000ab';
const CHANNEL: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null };
const PARTNER: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000b1', role: 'partner_user', partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb01' };
const HEAD: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000dd', role: 'head_of_sales', partnerId: null };

describe('scopeReport', () => {
  it.each<[string, ActorV1, ReportFilterV1, ReportKind, ReportFilterV1]>([
    ['a head of sales keeps every filter', HEAD, { ownerId: OTHER, channel: 'direct' }, 'deals', { ownerId: OTHER, channel: 'direct' }],
    ['a manager is held to their own deals', MANAGER, { source: 'exhibition' }, 'deals', { source: 'exhibition', ownerId: MANAGER.id }],
    ['a manager naming themself', MANAGER, { ownerId: MANAGER.id }, 'managers', { ownerId: MANAGER.id }],
    ['a channel manager is held to the indirect channel', CHANNEL, {}, 'partners', { channel: 'indirect' }],
    ['a partner user is held to its partner', PARTNER, { isRepeat: true }, 'deals', { isRepeat: true, partnerId: PARTNER.partnerId! }],
  ])('should scope the filter when %s', (_case, actor, filter, kind, expected) => {
    expect(scopeReport(actor, filter, kind)).toEqual(expected);
  });

  it.each<[string, ActorV1, ReportFilterV1, ReportKind, new (...args: never[]) => Error]>([
    ["a manager names another manager", MANAGER, { ownerId: OTHER }, 'deals', ForbiddenError],
    ['a manager asks for the partners report', MANAGER, {}, 'partners', ForbiddenError],
    ['a channel manager asks for the direct channel', CHANNEL, { channel: 'direct' }, 'deals', ForbiddenError],
    ['a channel manager asks for the managers report', CHANNEL, {}, 'managers', ForbiddenError],
    ['a partner user names another partner', PARTNER, { partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb02' }, 'partners', NotFoundError],
    ['a partner user asks for the managers report', PARTNER, {}, 'managers', ForbiddenError],
    ['a partner user has no partner', { ...PARTNER, partnerId: null }, {}, 'deals', ForbiddenError],
  ])('should refuse when %s', (_case, actor, filter, kind, error) => {
    expect(() => scopeReport(actor, filter, kind)).toThrow(error);
  });
});
