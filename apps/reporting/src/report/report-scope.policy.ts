import type { ActorV1, ReportFilterV1 } from '@saleswire/contracts';
import { ForbiddenError, NotFoundError } from '@saleswire/messaging';

/** Which report a caller asks for: the scope of some differs by role. */
export type ReportKind = 'deals' | 'managers' | 'partners';

/**
 * The filter a caller's report runs with (API.md, Roles and scope): heads of sales and admins see everything; a
 * manager only their own figures; a channel manager the indirect channel; a partner user only its partner. A
 * filter that names what the caller may not see is refused, never answered with someone else's numbers: another
 * manager or the direct channel is 403, another partner 404 (a partner may not learn that one exists).
 */
export function scopeReport(actor: ActorV1, filter: ReportFilterV1, kind: ReportKind): ReportFilterV1 {
  switch (actor.role) {
    case 'admin':
    case 'head_of_sales':
      return filter;
    case 'manager':
      if (kind === 'partners') throw new ForbiddenError('The partners report is for heads of sales and channel managers.');
      if (filter.ownerId && filter.ownerId !== actor.id) throw new ForbiddenError('A manager sees only their own figures.');
      return { ...filter, ownerId: actor.id };
    case 'channel_manager':
      if (kind === 'managers') throw new ForbiddenError('The managers report is for heads of sales.');
      if (filter.channel === 'direct') throw new ForbiddenError('A channel manager sees the indirect channel only.');
      return { ...filter, channel: 'indirect' };
    case 'partner_user':
      if (kind === 'managers') throw new ForbiddenError('The managers report is for heads of sales.');
      if (!actor.partnerId) throw new ForbiddenError('A partner user must belong to a partner.');
      if (filter.partnerId && filter.partnerId !== actor.partnerId) throw new NotFoundError('Partner', filter.partnerId);
      return { ...filter, partnerId: actor.partnerId };
    default:
      throw new ForbiddenError('Reports are for the sales department and its partners.');
  }
}
