import type { Answer, ListItem, Schema } from './client';
import type { paths } from './generated/openapi';

// The SDK's data is typed by the document's answer schemas (ADR 0022): these only compile when it is. A field
// the view does not have, or of another type, is a compile error here (`npx nx run sdk:typecheck`).

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const proves = <T extends true>(value: T): T => value;

describe('the SDK types answers by the document', () => {
  it('should type a paged list by its items', () => {
    expect(proves<Equals<ListItem<'/api/v1/leads'>, Schema<'LeadDetailsV1'>>>(true)).toBe(true);
    expect(proves<Equals<ListItem<'/api/v1/partners/{id}/commissions'>, Schema<'CommissionViewV1'>>>(true)).toBe(true);
  });

  it('should type a read by its view, with nullable fields as null', () => {
    expect(proves<Equals<Answer<'/api/v1/deals/{id}'>, Schema<'DealViewV1'>>>(true)).toBe(true);
    expect(proves<Equals<Schema<'LeadDetailsV1'>['region'], string | null>>(true)).toBe(true);
    type Created = paths['/api/v1/leads']['post']['responses'][201]['content']['application/json'];
    // POST /leads answers the lead as GET /leads/{id} does (the e2e answer check found it declared narrower).
    expect(proves<Equals<Created, Schema<'LeadDetailsV1'>>>(true)).toBe(true);
  });
});
