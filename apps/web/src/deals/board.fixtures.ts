// Stages and deals for the board's specs.
import type { Deal, Stage } from '../api/views';

export const STAGES: Stage[] = [
  { code: 'new', name: 'New', semantics: 'open', probability: 10 },
  { code: 'proposal', name: 'Proposal', semantics: 'open', probability: 40 },
  { code: 'won', name: 'Won', semantics: 'won', probability: 100 },
  { code: 'lost', name: 'Lost', semantics: 'lost', probability: 0 },
];

export function deal(id: string, stage: string, amount: number, currency = 'EUR'): Deal {
  return { id, title: `Deal ${id}`, customerId: 'c', amount, currency, pipelineId: 'p', stage, probability: 10, ownerId: 'u', isRepeat: false, version: 3, createdAt: '2026-12-01T10:00:00Z' };
}
