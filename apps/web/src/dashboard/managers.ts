// How a manager is named on the dashboard. The head of sales may not read the user directory (GET /users is the
// admin's), so a manager other than the viewer is named by the start of their id, which the plan form takes.
export function managerLabel(ownerId: string | null, me: string): string {
  if (!ownerId) return 'Not assigned';
  if (ownerId === me) return 'You';
  return `Manager ${ownerId.slice(0, 8)}`;
}
