import type { ClassConstructor } from 'class-transformer';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import * as contracts from './index';
import { validatePlain } from './common/validation';

type Cls = ClassConstructor<object>;

const USER = '01936f0e-8a4b-7c3d-9e2f-0000000000aa';

/** Every exported class that carries class-validator rules: each request, event payload and value class. */
const CLASSES = (Object.values(contracts) as unknown[]).filter(
  (value): value is Cls =>
    typeof value === 'function' && getMetadataStorage().getTargetValidationMetadatas(value, '', false, false, undefined).length > 0,
);

/** `property: rule[each]` for every rule on a property that is validated as a nested object. */
function nestedRules(cls: Cls): Array<{ property: string; each: boolean; rules: string[] }> {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined);
  return metadatas
    .filter((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION)
    .map((nested) => ({
      property: nested.propertyName,
      each: !!nested.each,
      rules: metadatas
        .filter((metadata) => metadata.propertyName === nested.propertyName)
        .map((metadata) => `${metadata.name ?? metadata.type}${metadata.each ? '[each]' : ''}`),
    }));
}

describe('nested values in contracts', () => {
  it('should find the classes when the index is read', () => {
    expect(CLASSES.length).toBeGreaterThan(40);
  });

  // class-validator's @ValidateNested walks into an array it finds where an object should be and reports nothing
  // for it, so `team: [[]]` passed and reached the services as a member without a role.
  it.each(CLASSES.map((cls) => [cls.name, cls] as const))(
    'should check the shape of every nested value when %s validates one',
    (_name, cls) => {
      const loose = nestedRules(cls).filter(({ each, rules }) =>
        each ? !rules.includes('isObject[each]') || !rules.includes('isArray') : !rules.includes('isObject'),
      );
      expect(loose).toEqual([]);
    },
  );

  it.each([
    [contracts.LeadAssignmentRuleInputV1, 'members', { strategy: 'round_robin', members: [[]] }],
    [contracts.LeadAssignmentRuleInputV1, 'members', { strategy: 'round_robin', members: [[{ userId: USER, weight: 1, active: true }]] }],
    [contracts.LeadAssignmentRuleInputV1, 'members', { strategy: 'round_robin', members: ['x'] }],
    [contracts.CreateDealInputV1, 'team', { title: 'T', customerId: USER, amount: 1, currency: 'EUR', type: 'project', channel: 'direct', team: [[]] }],
    [contracts.UpdateDealInputV1, 'team', { team: [[{ userId: USER, role: 'engineer' }]] }],
    [contracts.CreateCustomerInputV1, 'contacts', { kind: 'company', name: 'N', contacts: [[]] }],
    [contracts.CreatePipelineInputV1, 'stages', { name: 'P', kind: 'project', stages: [[], [], []] }],
  ] as Array<[Cls, string, object]>)('should name the list when %p holds an element that is not an object in %s', (cls, field, plain) => {
    const result = validatePlain(cls, plain);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual({ field, message: `each value in ${field} must be an object` });
  });
});
