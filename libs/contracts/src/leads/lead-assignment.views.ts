import type { AssignmentMemberV1, AssignmentStrategy } from './lead-assignment.values';

/** The active rule as the leads service answers it. */
export interface LeadAssignmentRuleViewV1 {
  strategy: AssignmentStrategy;
  members: AssignmentMemberV1[];
  version: number;
  updatedAt: string | null;
}
