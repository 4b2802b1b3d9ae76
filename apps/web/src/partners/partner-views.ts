// The partner records the channel manager's pages read (API.md, Partners; PartnerViewV1 in docs/openapi.json).
export interface PartnerView {
  id: string;
  name: string;
  kind: 'partner' | 'agent' | 'dealer' | 'reseller';
  tier: 'gold' | 'silver' | 'bronze';
  status: 'active' | 'suspended';
  territories: string[];
  /** A fraction of the deal's paid amount: 0.1 is 10 %. */
  commissionRate: number;
  routingWeight?: number | null;
  effectiveRoutingWeight?: number;
  statusReason?: string | null;
  statusChangedAt?: string | null;
  version: number;
  createdAt: string;
}
