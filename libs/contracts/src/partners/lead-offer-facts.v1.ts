import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { IsRegionCode } from '../common/regions';
import { LEAD_OFFER_STATUSES, type LeadOfferStatus } from './lead-offer.values';

/** What every `evt.partners.lead-offer.*.v1` carries: the offer as it now is. `partnerId` lets the feed filter it. */
export class LeadOfferFactsV1 {
  @IsUUID()
  offerId!: string;

  @IsUUID()
  leadId!: string;

  @IsUUID()
  partnerId!: string;

  @IsRegionCode()
  region!: string;

  @IsIn(LEAD_OFFER_STATUSES)
  status!: LeadOfferStatus;

  /** Which offer of the lead this is: 1 for the first partner, 2 after one declined or let it lapse, … */
  @IsInt()
  @Min(1)
  round!: number;

  @IsISO8601({ strict: true })
  offeredAt!: string;

  @IsISO8601({ strict: true })
  expiresAt!: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  decidedAt!: string | null;

  @IsOptional()
  @IsString()
  reason!: string | null;
}

export const LEAD_OFFER_FACTS_FIXTURE: LeadOfferFactsV1 = {
  offerId: '01936f15-0000-7000-8000-0000000f0f01',
  leadId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
  partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb01',
  region: 'DE-BY',
  status: 'offered',
  round: 1,
  offeredAt: '2026-03-02T10:15:01.000Z',
  expiresAt: '2026-03-04T10:15:01.000Z',
  decidedAt: null,
  reason: null,
};
