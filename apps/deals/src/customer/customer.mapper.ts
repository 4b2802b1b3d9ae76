import type { CustomerContactViewV1, CustomerCreatedV1, CustomerViewV1 } from '@saleswire/contracts';
import type { CustomerContactEntity, CustomerEntity } from './customer.entity';

export function toContactView(contact: CustomerContactEntity): CustomerContactViewV1 {
  return { name: contact.name, position: contact.position, email: contact.email, phone: contact.phone };
}

export function toCustomerView(customer: CustomerEntity, contacts: CustomerContactEntity[]): CustomerViewV1 {
  return {
    id: customer.id,
    kind: customer.kind,
    name: customer.name,
    taxId: customer.taxId,
    email: customer.email,
    phone: customer.phone,
    ownerId: customer.ownerId,
    contacts: contacts.map(toContactView),
    version: customer.version,
    createdAt: customer.createdAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
  };
}

export function toCustomerCreated(customer: CustomerEntity): CustomerCreatedV1 {
  return {
    customerId: customer.id,
    kind: customer.kind,
    name: customer.name,
    taxId: customer.taxId,
    email: customer.email,
    phone: customer.phone,
    ownerId: customer.ownerId,
    createdAt: customer.createdAt.toISOString(),
  };
}
