import { IsBoolean, IsInt, IsUUID, Max, Min } from 'class-validator';

export const ASSIGNMENT_STRATEGIES = ['round_robin', 'weighted', 'least_loaded'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

/** One sales manager in the assignment rule, as the rule's body carries it and its view shows it. */
export class AssignmentMemberV1 {
  @IsUUID()
  userId!: string;

  /** Share of leads under `weighted`; ignored by the other strategies. */
  @IsInt()
  @Min(1)
  @Max(1000)
  weight!: number;

  /** An inactive member (absent, on leave) gets no leads. */
  @IsBoolean()
  active!: boolean;
}
