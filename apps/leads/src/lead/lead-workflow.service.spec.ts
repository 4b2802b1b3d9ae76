import { LeadEntity } from './lead.entity';
import { applyChanges } from './lead-workflow.service';

function lead(patch: Partial<LeadEntity> = {}): LeadEntity {
  return Object.assign(new LeadEntity(), {
    contactName: 'Irina',
    contactEmail: 'irina@northwind.example',
    contactPhone: '+7 495 123-45-67',
    companyName: 'Northwind',
    companyTaxId: '7707083893',
    emailNorm: 'irina@northwind.example',
    phoneNorm: '74951234567',
    taxIdNorm: '7707083893',
    segment: 'b2b',
    title: 'Scanners',
    expectedAmount: 10,
    currency: 'EUR',
    assigneeId: null,
    comment: null,
    marketingEventId: null,
    ...patch,
  });
}

describe('applyChanges', () => {
  it('should answer no change when the given values equal the stored ones', () => {
    const l = lead();
    expect(applyChanges(l, { title: 'Scanners', expectedAmount: 10, contact: { name: 'Irina', email: 'Irina@Northwind.example', phone: '+7 495 123-45-67' } })).toEqual([]);
  });

  it('should clear a field when it is given as null', () => {
    const l = lead();
    expect(applyChanges(l, { title: null, company: null })).toEqual(['company', 'title']);
    expect(l).toMatchObject({ title: null, companyName: null, companyTaxId: null, taxIdNorm: null });
  });

  it('should recompute the duplicate keys when the contact changes', () => {
    const l = lead();
    expect(applyChanges(l, { contact: { name: 'Irina', phone: '8 (812) 000-00-00' } })).toEqual(['contact']);
    expect(l).toMatchObject({ contactEmail: null, emailNorm: null, phoneNorm: '78120000000', taxIdNorm: '7707083893' });
  });

  it('should name each changed field once when several columns of it change', () => {
    const l = lead();
    expect(applyChanges(l, { contact: { name: 'Other', email: 'o@x.example' }, assigneeId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa' })).toEqual(['contact', 'assigneeId']);
  });
});
