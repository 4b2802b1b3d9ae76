import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import { SelectField } from '../shared/fields';
import { ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';
import { useUserNames } from '../shared/user-names';
import { BOARD_LIMIT, getDeal, listBoardDeals, listPipelines, moveDeal } from './deal-queries';
import { DealBoard } from './deal-board';

export default function BoardPage() {
  const { api, user } = useSession();
  const nameOf = useUserNames(api, user);
  const [params, setParams] = useSearchParams();
  const pipelines = useQuery({ queryKey: ['pipelines'], queryFn: () => listPipelines(api) });
  const pipelineId = params.get('pipeline') ?? pipelines.data?.[0]?.id;
  const pipeline = pipelines.data?.find((candidate) => candidate.id === pipelineId);
  const deals = useQuery({
    queryKey: ['deals', 'board', pipelineId],
    enabled: pipelineId !== undefined,
    queryFn: () => listBoardDeals(api, pipelineId!),
  });

  return (
    <section>
      <div className="page-head">
        <h1>Deal board</h1>
        {pipelines.data && pipelines.data.length > 1 ? (
          <SelectField
            label="Pipeline"
            name="pipeline"
            value={pipelineId ?? ''}
            onChange={(event) => setParams({ pipeline: event.target.value })}
            options={pipelines.data.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
          />
        ) : null}
      </div>
      {pipelines.isPending || deals.isPending ? <Loading what="Loading the board" /> : null}
      <ProblemMessage error={pipelines.error ?? deals.error} />
      {deals.data?.truncated ? <p className="notice">The board shows the newest {BOARD_LIMIT} deals of this pipeline.</p> : null}
      {pipeline && deals.data ? (
        deals.data.deals.length === 0 ? (
          <Empty>No deals in this pipeline yet: convert a qualified lead to open one.</Empty>
        ) : (
          <DealBoard
            // A fresh read of the pipeline starts the board over.
            key={`${pipeline.id}-${deals.dataUpdatedAt}`}
            stages={pipeline.stages}
            deals={deals.data.deals}
            move={(deal, stage, reason) => moveDeal(api, deal, stage, reason)}
            reload={(id) => getDeal(api, id)}
            nameOf={nameOf}
          />
        )
      ) : null}
    </section>
  );
}
