import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RpcClient } from '@saleswire/messaging';
import { AGGREGATION_DEADLINE } from '../aggregation/aggregation.config';
import { gather, type AggregationWarning, type Section } from '../aggregation/sections';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { DASHBOARD_SECTIONS, type DashboardParts } from './dashboard.sections';

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
   * The head of sales' page in one request (a manager's: their own), every part asked at once; a service that
   * does not answer within AGGREGATION_DEADLINE_MS leaves its part null and is named in `warnings` (still 200).
   */
  @Get()
  @Roles('admin', 'head_of_sales', 'manager', 'channel_manager')
  async dashboard(@CurrentUser() user: Principal): Promise<DashboardView> {
    const actor = toActor(user);
    const mine = DASHBOARD_SECTIONS.filter((section) => section.roles.includes(user.role));
    const sections = Object.fromEntries(
      mine.map((section) => [section.key, { source: section.source, load: (ms: number) => section.load(this.rpc, actor, ms) }]),
    ) as { [K in keyof DashboardParts]: Section<DashboardParts[K]> };
    const { values, warnings } = await gather<DashboardParts>(sections, this.deadlineMs);
    // Every part is in the answer: null where its service did not answer or the part is not the caller's.
    const view = {} as Omit<DashboardView, 'warnings'>;
    for (const { key } of DASHBOARD_SECTIONS) Object.assign(view, { [key]: values[key] ?? null });
    return { ...view, warnings };
  }
}
