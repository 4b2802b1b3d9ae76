import type { CustomerKind } from './deal.values';

/** A customer as the deals service answers it. */
export interface CustomerViewV1 {
  id: string;
  kind: CustomerKind;
  name: string;
  taxId: string | null;
  email: string | null;
  phone: string | null;
  ownerId: string | null;
  contacts: CustomerContactViewV1[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerContactViewV1 {
  name: string;
  position: string | null;
  email: string | null;
  phone: string | null;
}
