// The partner portal (issue 13): owned by the partner portal work; this page holds its place in the routes.
import { useSession } from '../auth/session';

export default function PortalPage() {
  const { user } = useSession();
  return (
    <section>
      <h1>Partner portal</h1>
      <p>Partner {user.partnerId}: registrations, lead offers, deals, commissions and the live feed will be here.</p>
    </section>
  );
}
