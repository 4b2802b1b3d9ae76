import type { ClassConstructor } from 'class-transformer';
import { validatePlain } from '../common/validation';
import { ChangeLeadStatusInputV1 } from './change-lead-status.v1';
import { ConvertLeadInputV1 } from './convert-lead.v1';
import { ListLeadsQueryV1 } from './list-leads.v1';
import { LeadAssignmentRuleInputV1 } from './put-lead-assignment.v1';
import { UpdateLeadInputV1 } from './update-lead.v1';

const MEMBER = '01936f0e-8a4b-7c3d-9e2f-0000000000c1';

function fieldsOf<T extends object>(cls: ClassConstructor<T>, plain: object): string[] {
  const result = validatePlain(cls, plain);
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('leads inputs (issue 3)', () => {
  it.each([
    [ChangeLeadStatusInputV1, { status: 'in_progress' }],
    [ChangeLeadStatusInputV1, { status: 'junk', reason: 'Spam' }],
    [UpdateLeadInputV1, {}],
    [UpdateLeadInputV1, { title: null, company: null, expectedAmount: 10.5, currency: 'EUR', assigneeId: MEMBER }],
    [ConvertLeadInputV1, {}],
    [ConvertLeadInputV1, { title: 'Deal', amount: 100, currency: 'USD', type: 'project', pipelineId: MEMBER }],
    [LeadAssignmentRuleInputV1, { strategy: 'weighted', members: [{ userId: MEMBER, weight: 3, active: false }] }],
    [ListLeadsQueryV1, { limit: '20', isRepeat: 'true', q: 'north', createdFrom: '2026-01-01T00:00:00Z' }],
  ] as Array<[ClassConstructor<object>, object]>)('should accept a valid %p when given %j', (cls, plain) => {
    expect(fieldsOf(cls, plain)).toEqual([]);
  });

  it.each([
    [ChangeLeadStatusInputV1, 'status', { status: 'converted' }],
    [ChangeLeadStatusInputV1, 'status', { status: 'new' }],
    [ChangeLeadStatusInputV1, 'reason', { status: 'junk' }],
    [ChangeLeadStatusInputV1, 'reason', { status: 'junk', reason: '' }],
    [ChangeLeadStatusInputV1, 'reason', { status: 'qualified', reason: 42 }],
    [UpdateLeadInputV1, 'contact.name', { contact: { name: '' } }],
    [UpdateLeadInputV1, 'expectedAmount', { expectedAmount: -5 }],
    [UpdateLeadInputV1, 'currency', { currency: 'EURO' }],
    [UpdateLeadInputV1, 'assigneeId', { assigneeId: 'boris' }],
    [UpdateLeadInputV1, 'status', { status: 'junk' }],
    [ConvertLeadInputV1, 'currency', { amount: 5 }],
    [ConvertLeadInputV1, 'amount', { amount: 5.555, currency: 'EUR' }],
    [ConvertLeadInputV1, 'type', { type: 'barter' }],
    [ConvertLeadInputV1, 'title', { title: '' }],
    [LeadAssignmentRuleInputV1, 'strategy', { strategy: 'random', members: [] }],
    [LeadAssignmentRuleInputV1, 'members', { strategy: 'round_robin' }],
    [LeadAssignmentRuleInputV1, 'members', { strategy: 'round_robin', members: [{ userId: MEMBER, weight: 1, active: true }, { userId: MEMBER, weight: 1, active: true }] }],
    [LeadAssignmentRuleInputV1, 'members.0.weight', { strategy: 'weighted', members: [{ userId: MEMBER, weight: 0, active: true }] }],
    [LeadAssignmentRuleInputV1, 'members.0.active', { strategy: 'weighted', members: [{ userId: MEMBER, weight: 1 }] }],
    [ListLeadsQueryV1, 'limit', { limit: '0' }],
    [ListLeadsQueryV1, 'isRepeat', { isRepeat: 'yes' }],
    [ListLeadsQueryV1, 'q', { q: 'a' }],
    [ListLeadsQueryV1, 'ownerId', { ownerId: 'me' }],
    [ListLeadsQueryV1, 'createdTo', { createdTo: '2026-13-01' }],
  ] as Array<[ClassConstructor<object>, string, object]>)('should name %p.%s when the input is %j', (cls, field, plain) => {
    expect(fieldsOf(cls, plain)).toContain(field);
  });
});
