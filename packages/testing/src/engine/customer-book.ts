import type { Customer, CustomerRef } from '@loyalty-link/core';

/** The platform's members, found by any of the ways a register identifies them. */
export interface CustomerBook {
  /** The member with this loyalty id. */
  get(id: string): Customer | undefined;
  /** The member a register's reference points to (protocol §6 matching rules), if any. */
  find(ref: CustomerRef): Customer | undefined;
  /** Adds a member; throws when the id is taken. */
  add(customer: Customer): void;
  /** Replaces a member's profile fields and increases its `version`; returns the new profile. */
  update(id: string, patch: Partial<Omit<Customer, 'id' | 'version'>>): Customer | undefined;
  /** Every member, in the order added. */
  list(): Customer[];
}

/** Card codes are compared case-insensitively and without `-` (`bl-1000-0001` = `BL10000001`). */
export function normalizeCardCode(code: string): string {
  return code.replace(/-/g, '').toUpperCase();
}

function matches(customer: Customer, ref: CustomerRef): boolean {
  switch (ref.type) {
    case 'loyalty_id':
      return customer.id === ref.value;
    case 'card': {
      const wanted = normalizeCardCode(ref.value);
      return customer.cardCodes.some((code) => normalizeCardCode(code) === wanted);
    }
    case 'phone':
      // Both sides are E.164 (the schemas enforce it), so equal numbers are equal strings.
      return customer.phone === ref.value;
    case 'email':
      return customer.email !== undefined && customer.email.toLowerCase() === ref.value.toLowerCase();
    case 'external_id':
      return customer.externalIds?.includes(ref.value) ?? false;
  }
}

/** Creates an empty {@link CustomerBook}. */
export function createCustomerBook(): CustomerBook {
  const byId = new Map<string, Customer>();
  return {
    get: (id) => byId.get(id),
    find(ref) {
      if (ref.type === 'loyalty_id') return byId.get(ref.value);
      for (const customer of byId.values()) if (matches(customer, ref)) return customer;
      return undefined;
    },
    add(customer) {
      if (byId.has(customer.id)) throw new Error(`customer ${customer.id} already exists`);
      byId.set(customer.id, customer);
    },
    update(id, patch) {
      const current = byId.get(id);
      if (current === undefined) return undefined;
      const next: Customer = { ...current, ...patch, id, version: current.version + 1 };
      byId.set(id, next);
      return next;
    },
    list: () => [...byId.values()],
  };
}
