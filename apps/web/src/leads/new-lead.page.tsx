import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { read } from '../api/client';
import type { Lead } from '../api/views';
import { useApi } from '../auth/session';
import { LeadForm } from './lead-form';

export default function NewLeadPage() {
  const api = useApi();
  const navigate = useNavigate();
  const queries = useQueryClient();
  return (
    <section>
      <div className="page-head">
        <h1>New lead</h1>
        <Link to="/leads">Back to the leads</Link>
      </div>
      <LeadForm
        onSubmit={async (body) => {
          const lead = await read<Lead>(api.POST('/api/v1/leads', { body }));
          await queries.invalidateQueries({ queryKey: ['leads'] });
          navigate(`/leads/${lead.id}`);
        }}
      />
    </section>
  );
}
