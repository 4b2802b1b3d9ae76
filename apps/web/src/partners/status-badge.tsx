import { humanize } from '../shared/format';

/** A partner's status; a suspended one stands out (its users and keys are refused). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={status === 'suspended' ? 'badge badge-warning' : 'badge'}>{humanize(status)}</span>;
}
