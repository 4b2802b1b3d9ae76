// The portal's entry (`/portal`): the signed-in partner user's own partner, its deal registrations first.
import { Navigate } from 'react-router';
import { useSession } from '../auth/session';
import { NotFoundPage } from '../shell/layout';

export default function PortalPage() {
  const { user } = useSession();
  if (!user.partnerId) return <NotFoundPage reason="This user belongs to no partner." />;
  return <Navigate to={`/portal/${user.partnerId}/registrations`} replace />;
}
