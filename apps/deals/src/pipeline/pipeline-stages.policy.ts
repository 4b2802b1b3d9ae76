import type { FieldError, PipelineStageInputV1 } from '@saleswire/contracts';

/**
 * What makes a usable pipeline: stage codes unique, at least one open stage for deals to start in, exactly one
 * won stage (a deal paid in full moves there by itself) and at least one lost stage.
 */
export function pipelineStageErrors(stages: readonly PipelineStageInputV1[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  stages.forEach((stage, i) => {
    if (seen.has(stage.code)) errors.push({ field: `stages.${i}.code`, message: `code "${stage.code}" is used twice` });
    seen.add(stage.code);
  });
  const count = (semantics: string): number => stages.filter((stage) => stage.semantics === semantics).length;
  if (count('open') === 0) errors.push({ field: 'stages', message: 'a pipeline needs at least one open stage' });
  if (count('won') !== 1) errors.push({ field: 'stages', message: 'a pipeline needs exactly one won stage' });
  if (count('lost') === 0) errors.push({ field: 'stages', message: 'a pipeline needs at least one lost stage' });
  return errors;
}
