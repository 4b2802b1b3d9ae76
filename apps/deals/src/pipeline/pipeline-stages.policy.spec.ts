import type { PipelineStageInputV1 } from '@saleswire/contracts';
import { pipelineStageErrors } from './pipeline-stages.policy';

const s = (code: string, semantics: PipelineStageInputV1['semantics']): PipelineStageInputV1 => ({ code, name: code, semantics, probability: 50 });

describe('pipeline stages policy', () => {
  it('should accept stages when there are open stages, one won and a lost one', () => {
    expect(pipelineStageErrors([s('new', 'open'), s('quote', 'open'), s('won', 'won'), s('lost', 'lost')])).toEqual([]);
  });

  it.each([
    ['a code is used twice', [s('new', 'open'), s('new', 'open'), s('won', 'won'), s('lost', 'lost')], 'stages.1.code'],
    ['no stage is open', [s('won', 'won'), s('lost', 'lost'), s('lost2', 'lost')], 'stages'],
    ['no stage is won', [s('new', 'open'), s('lost', 'lost'), s('lost2', 'lost')], 'stages'],
    ['two stages are won', [s('new', 'open'), s('won', 'won'), s('paid', 'won'), s('lost', 'lost')], 'stages'],
    ['no stage is lost', [s('new', 'open'), s('next', 'open'), s('won', 'won')], 'stages'],
  ])('should refuse the stages when %s', (_case, stages, field) => {
    expect(pipelineStageErrors(stages).map((e) => e.field)).toContain(field);
  });
});
