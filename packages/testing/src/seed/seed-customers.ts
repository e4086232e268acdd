import { type Random, seededRandom } from '@loyalty-link/core';
import { knownCustomers } from './known-customers';
import type { SeedCustomer } from './seed-customer';

interface Country {
  code: string;
  /** The national number after the country code: a mobile prefix and how many digits follow it. */
  prefix: string;
  digits: number;
  firstNames: readonly string[];
  lastNames: readonly string[];
}

const countries: readonly Country[] = [
  {
    code: '31',
    prefix: '6',
    digits: 8,
    firstNames: ['Daan', 'Sanne', 'Lotte', 'Jesse', 'Femke', 'Thijs', 'Noor', 'Sem', 'Lieke', 'Ruben'],
    lastNames: ['de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos'],
  },
  {
    code: '32',
    prefix: '47',
    digits: 7,
    firstNames: ['Lucas', 'Emma', 'Louise', 'Arthur', 'Elise', 'Wout', 'Marie', 'Jules'],
    lastNames: ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Dubois'],
  },
  {
    code: '49',
    prefix: '151',
    digits: 8,
    firstNames: ['Lukas', 'Anna', 'Jonas', 'Lea', 'Felix', 'Hannah', 'Moritz', 'Jürgen'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Hoffmann', 'Köhler'],
  },
  {
    code: '33',
    prefix: '6',
    digits: 8,
    firstNames: ['Camille', 'Léa', 'Hugo', 'Manon', 'Théo', 'Inès', 'Louis', 'Zoé'],
    lastNames: ['Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Girard', 'Roux', 'Fournier', 'Bonnet'],
  },
  {
    code: '34',
    prefix: '6',
    digits: 8,
    firstNames: ['Lucía', 'Hugo', 'Martina', 'Pablo', 'Sofía', 'Álvaro', 'Carmen'],
    lastNames: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Romero', 'Navarro'],
  },
  {
    code: '39',
    prefix: '3',
    digits: 9,
    firstNames: ['Giulia', 'Lorenzo', 'Chiara', 'Matteo', 'Francesca', 'Niccolò'],
    lastNames: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Ricci'],
  },
  {
    code: '353',
    prefix: '8',
    digits: 8,
    firstNames: ['Aoife', 'Seán', 'Niamh', 'Cian', 'Siobhán', 'Oisín'],
    lastNames: ["O'Brien", 'Murphy', 'Kelly', 'Walsh', 'Byrne', 'Ryan'],
  },
  {
    code: '45',
    prefix: '2',
    digits: 7,
    firstNames: ['Freja', 'Magnus', 'Ida', 'Mads', 'Sofie', 'Søren'],
    lastNames: ['Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Sørensen'],
  },
  {
    code: '48',
    prefix: '5',
    digits: 8,
    firstNames: ['Zofia', 'Jakub', 'Maja', 'Kacper', 'Łucja', 'Wojciech'],
    lastNames: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski'],
  },
];

const TOTAL_CUSTOMERS = 50;

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function digits(random: Random, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(int(random, 0, 9));
  return out;
}

/** `Jürgen Köhler` → `jurgen.kohler`: email addresses in plain ASCII. */
function emailLocalPart(first: string, last: string): string {
  return `${first}.${last}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/ł/gi, 'l')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A points profile: most members are Bronze, some Silver, a few Gold. */
function pointsProfile(random: Random): { points: number; qualifyingPoints: number; lifetimePoints: number } {
  const roll = random();
  const qualifyingPoints =
    roll < 0.6 ? int(random, 0, 499) : roll < 0.85 ? int(random, 500, 1999) : int(random, 2000, 4500);
  const points = int(random, 0, qualifyingPoints + 300);
  return { points, qualifyingPoints, lifetimePoints: qualifyingPoints + int(random, 0, 8000) };
}

/**
 * Fifty customers of Bean & Leaf: the five {@link knownCustomers} first (the same in every seed), then 45
 * generated from `seed` with realistic European names, E.164 mobile numbers of their countries, emails,
 * card codes, birth dates, balances and tiers (most Bronze, some Silver, a few Gold), and now and then a
 * gift card or store credit. The same seed gives the same customers on every machine. Ids are `cus_0001` …
 * `cus_0049` and `cus_conformance`.
 *
 * @example
 * ```ts
 * const platform = createMockPlatform({ customers: seedCustomers(7) });
 * ```
 */
export function seedCustomers(seed: number): SeedCustomer[] {
  const random = seededRandom(seed);
  const customers: SeedCustomer[] = Object.values(knownCustomers).map((known) => structuredClone(known));
  const phones = new Set(customers.map((entry) => entry.customer.phone));
  const emails = new Set(customers.map((entry) => entry.customer.email));

  for (let n = customers.length; n < TOTAL_CUSTOMERS; n++) {
    const country = pick(random, countries);
    const firstName = pick(random, country.firstNames);
    const lastName = pick(random, country.lastNames);
    let phone = `+${country.code}${country.prefix}${digits(random, country.digits)}`;
    while (phones.has(phone)) phone = `+${country.code}${country.prefix}${digits(random, country.digits)}`;
    phones.add(phone);
    const local = emailLocalPart(firstName, lastName);
    let email = `${local}@example.com`;
    for (let k = 2; emails.has(email); k++) email = `${local}${k}@example.com`;
    emails.add(email);
    const number = String(n).padStart(4, '0');
    const enrolledYear = int(random, 2019, 2025);
    const profile = pointsProfile(random);
    const walletRoll = random();
    customers.push({
      customer: {
        id: `cus_${number}`,
        status: 'active',
        firstName,
        lastName,
        phone,
        email,
        cardCodes: [`BL-${String(2000 + n)}-${digits(random, 4)}`],
        ...(random() < 0.5 ? { externalIds: [`crm-${10000 + n}`] } : {}),
        birthDate: isoDate(int(random, 1950, 2006), int(random, 1, 12), int(random, 1, 28)),
        enrolledAt: `${isoDate(enrolledYear, int(random, 1, 12), int(random, 1, 28))}T${String(int(random, 8, 19)).padStart(2, '0')}:${String(int(random, 0, 59)).padStart(2, '0')}:00Z`,
        version: 1,
      },
      ...profile,
      ...(walletRoll < 0.12
        ? {
            wallets: [
              {
                id: `wal_${number}_gift`,
                type: 'gift_card' as const,
                balance: { amount: int(random, 1, 50) * 100, currency: 'EUR' },
                codeLast4: digits(random, 4),
              },
            ],
          }
        : walletRoll < 0.2
          ? {
              wallets: [
                {
                  id: `wal_${number}_credit`,
                  type: 'store_credit' as const,
                  balance: { amount: int(random, 1, 30) * 100, currency: 'EUR' },
                },
              ],
            }
          : {}),
      ...(random() < 0.5 ? { stamps: { 'coffee-card': int(random, 0, 9) } } : {}),
    });
  }
  return customers;
}
