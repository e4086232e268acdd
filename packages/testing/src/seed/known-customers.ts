import type { SeedCustomer } from './seed-customer';

/**
 * Customers every seed contains, with fixed ids and contact details, for tests and examples. They are the
 * first five of {@link seedCustomers}; the other 45 vary with the seed.
 *
 * - `ada`: Ada Jansen, Silver, 1,250 points, 7 coffee stamps, a gift card with €17.50 on it.
 * - `bram`: Bram Peeters, Gold, 3,400 points, store credit.
 * - `chloe`: Chloé Martin, a new member with no points (Bronze).
 * - `blocked`: Dirk Bakker, whose membership is blocked.
 * - `conformance`: a member with a large balance, reserved for `runConformance()`.
 *
 * @example
 * ```ts
 * import { createProtocolPort } from '@loyalty-link/core';
 *
 * const port = createProtocolPort({ baseUrl: platform.baseUrl, apiKey: platform.apiKey });
 * const customer = await port.lookupCustomer({ ref: { type: 'phone', value: knownCustomers.ada.customer.phone } });
 * ```
 */
export const knownCustomers = {
  ada: {
    customer: {
      id: 'cus_0001',
      status: 'active',
      firstName: 'Ada',
      lastName: 'Jansen',
      phone: '+31612345678',
      email: 'ada.jansen@example.com',
      cardCodes: ['BL-1000-0001'],
      externalIds: ['crm-10001'],
      birthDate: '1985-12-10',
      enrolledAt: '2021-04-17T10:12:00Z',
      version: 1,
    },
    points: 1250,
    qualifyingPoints: 1250,
    lifetimePoints: 4820,
    stamps: { 'coffee-card': 7 },
    wallets: [
      {
        id: 'wal_ada_gift',
        type: 'gift_card',
        balance: { amount: 1750, currency: 'EUR' },
        codeLast4: '4471',
        expiresAt: '2027-12-31T23:59:59Z',
      },
    ],
  },
  bram: {
    customer: {
      id: 'cus_0002',
      status: 'active',
      firstName: 'Bram',
      lastName: 'Peeters',
      phone: '+32470123456',
      email: 'bram.peeters@example.com',
      cardCodes: ['BL-1000-0002'],
      externalIds: ['crm-10002'],
      birthDate: '1979-06-02',
      enrolledAt: '2019-09-03T15:40:00Z',
      version: 1,
    },
    points: 3400,
    qualifyingPoints: 2600,
    lifetimePoints: 12_350,
    wallets: [{ id: 'wal_bram_credit', type: 'store_credit', balance: { amount: 1000, currency: 'EUR' } }],
  },
  chloe: {
    customer: {
      id: 'cus_0003',
      status: 'active',
      firstName: 'Chloé',
      lastName: 'Martin',
      phone: '+33612345678',
      email: 'chloe.martin@example.com',
      cardCodes: ['BL-1000-0003'],
      birthDate: '1998-02-14',
      enrolledAt: '2026-01-02T09:00:00Z',
      version: 1,
    },
    points: 0,
  },
  blocked: {
    customer: {
      id: 'cus_0004',
      status: 'blocked',
      firstName: 'Dirk',
      lastName: 'Bakker',
      phone: '+4915112345678',
      email: 'dirk.bakker@example.com',
      cardCodes: ['BL-1000-0004'],
      enrolledAt: '2020-11-20T12:00:00Z',
      version: 1,
    },
    points: 300,
  },
  conformance: {
    customer: {
      id: 'cus_conformance',
      status: 'active',
      firstName: 'Robin',
      lastName: 'Conformance',
      phone: '+31600000001',
      email: 'conformance@example.com',
      cardCodes: ['CONF-0000-0001'],
      externalIds: ['conformance-1'],
      birthDate: '1990-01-01',
      enrolledAt: '2024-01-01T00:00:00Z',
      version: 1,
    },
    points: 50_000,
    qualifyingPoints: 2500,
  },
} satisfies Record<string, SeedCustomer>;

/** The names of {@link knownCustomers}. */
export type KnownCustomerName = keyof typeof knownCustomers;
