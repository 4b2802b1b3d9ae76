import { LeadEntity } from '../lead/lead.entity';
import { customerIdentityOf } from './conversion.service';

const base = { contactName: 'Irina Volkova', contactEmail: null, contactPhone: null, companyName: null, companyTaxId: null, assigneeId: null };

describe('customerIdentityOf', () => {
  it.each([
    [
      'a company with its tax id when the lead has a company',
      { companyName: 'Northwind', companyTaxId: '7707083893', contactEmail: 'i@n.example', assigneeId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa' },
      { kind: 'company', name: 'Northwind', taxId: '7707083893', email: 'i@n.example', ownerId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa' },
    ],
    ['a person named after the contact when the lead has no company', { contactPhone: '+7 495 1' }, { kind: 'person', name: 'Irina Volkova', phone: '+7 495 1' }],
    ['no empty optional fields when the lead has none', {}, { kind: 'person', name: 'Irina Volkova' }],
  ])('should ask for %s', (_case, patch, expected) => {
    expect(customerIdentityOf(Object.assign(new LeadEntity(), base, patch))).toEqual(expected);
  });
});
