import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { read } from '../api/client';
import type { Lead } from '../api/views';
import { useSession } from '../auth/session';
import { LeadForm } from './lead-form';

export default function NewLeadPage() {
  const { api, user } = useSession();
  const navigate = useNavigate();
  const queries = useQueryClient();
  return (
    <section>
      <div className="page-head">
        <h1>New lead</h1>
        <Link to="/leads">Back to the leads</Link>
      </div>
      <LeadForm
        selfId={user.id}
        // A manager's own lead is theirs; the head of sales lets the assignment rule choose.
        takeIt={user.role === 'manager'}
        onSubmit={async (body) => {
          const lead = await read<Lead>(api.POST('/api/v1/leads', { body }));
          await queries.invalidateQueries({ queryKey: ['leads'] });
          navigate(`/leads/${lead.id}`);
        }}
      />
    </section>
  );
}
