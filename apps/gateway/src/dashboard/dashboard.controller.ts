import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RpcClient } from '@saleswire/messaging';
import { AGGREGATION_DEADLINE } from '../aggregation/aggregation.config';
import { gather, type AggregationWarning, type Section } from '../aggregation/sections';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { DASHBOARD_PARTS, DASHBOARD_SECTIONS, partsSeenBy, type DashboardParts, type SectionYield } from './dashboard.sections';

export type DashboardView = { [K in keyof DashboardParts]: DashboardParts[K] | null } & { warnings: AggregationWarning[] };

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(AGGREGATION_DEADLINE) private readonly deadlineMs: number,
  ) {}

  /**
   * The head of sales' page in one request (a manager's: their own), every service asked at once; a service that
   * does not answer within AGGREGATION_DEADLINE_MS leaves its parts null and is named once in `warnings` (still
   * 200), as is a part its service could not compute.
   */
  @Get()
  @Roles('admin', 'head_of_sales', 'manager', 'channel_manager')
  async dashboard(@CurrentUser() user: Principal): Promise<DashboardView> {
    const actor = toActor(user);
    const sections: Record<string, Section<SectionYield>> = {};
    const seen = new Set<keyof DashboardParts>();
    for (const section of DASHBOARD_SECTIONS) {
      const parts = partsSeenBy(section, user.role);
      if (parts.length === 0) continue;
      parts.forEach((key) => seen.add(key));
      sections[section.key] = { source: section.source, names: parts.join(', '), load: (ms: number) => section.load(this.rpc, actor, ms) };
    }
    const { values, warnings } = await gather<Record<string, SectionYield>>(sections, this.deadlineMs);
    // Every part is in the answer: null where its service did not answer or the part is not the caller's.
    const view = Object.fromEntries(DASHBOARD_PARTS.map((key) => [key, null])) as Omit<DashboardView, 'warnings'>;
    for (const yielded of Object.values(values)) {
      if (!yielded) continue;
      for (const key of DASHBOARD_PARTS) if (seen.has(key) && yielded.parts[key] !== undefined) Object.assign(view, { [key]: yielded.parts[key] });
      warnings.push(...yielded.warnings);
    }
    return { ...view, warnings };
  }
}
