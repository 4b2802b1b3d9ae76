/** One invalid field of a request, as API.md's problem documents list them. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The error a service answers an RPC request with. The gateway turns it into an
 * `application/problem+json` answer with the same status.
 */
export interface RpcProblem {
  status: number;
  title: string;
  detail?: string;
  type?: string;
  errors?: FieldError[];
}

/** Tells an RPC problem from any other error value. */
export function isRpcProblem(value: unknown): value is RpcProblem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<RpcProblem>;
  return typeof candidate.status === 'number' && typeof candidate.title === 'string';
}
