import { CustomerSchema, ProductSchema, parseInput } from '@loyalty-link/core';
import { describe, expect, it } from 'vitest';
import { knownCustomers } from '../src/seed/known-customers';
import { seedCatalog } from '../src/seed/seed-catalog';
import { seedCustomers } from '../src/seed/seed-customers';
import { seedProgram } from '../src/seed/seed-program';

describe('seed data', () => {
  it('has the Bean & Leaf program: EUR, Amsterdam, stamp card, tiers and redemption rules', () => {
    const program = seedProgram();
    expect(program).toMatchObject({ currency: 'EUR', timeZone: 'Europe/Amsterdam', pointsName: 'Beans' });
    expect(program.tiers.map((tier) => [tier.id, tier.threshold, tier.multiplier])).toEqual([
      ['bronze', 0, 1],
      ['silver', 500, 1.25],
      ['gold', 2000, 1.5],
    ]);
    expect(program.earnRules.map((rule) => rule.type)).toEqual(
      expect.arrayContaining([
        'per_amount',
        'stamp_card',
        'category_multiplier',
        'product_bonus',
        'promotion_multiplier',
        'birthday_bonus',
      ]),
    );
    expect(program.redemption).toMatchObject({
      minPoints: 100,
      step: 10,
      pointValue: { points: 100, amount: 100 },
      maxBasketShareBasisPoints: 5000,
      excludedCategories: ['gift_cards'],
      reductionMethod: 'front_end',
    });
    expect(seedProgram()).not.toBe(program);
  });

  it('has 50 valid customers, deterministic per seed, with the known ones first and unique contact details', () => {
    const customers = seedCustomers(1);
    expect(customers).toHaveLength(50);
    for (const entry of customers) parseInput(CustomerSchema, entry.customer, 'seed customer');
    expect(seedCustomers(1)).toEqual(customers);
    expect(seedCustomers(2).slice(5)).not.toEqual(customers.slice(5));
    expect(seedCustomers(2).slice(0, 5)).toEqual(customers.slice(0, 5));
    const phones = customers.map((entry) => entry.customer.phone);
    const emails = customers.map((entry) => entry.customer.email);
    expect(new Set(phones).size).toBe(50);
    expect(new Set(emails).size).toBe(50);
    expect(customers.filter((entry) => entry.customer.status === 'blocked')).toHaveLength(1);
    expect(customers.some((entry) => (entry.qualifyingPoints ?? entry.points) >= 2000)).toBe(true);
    expect(customers.some((entry) => (entry.wallets ?? []).length > 0)).toBe(true);
  });

  it('names well-known customers for tests and examples', () => {
    expect(knownCustomers.ada.customer).toMatchObject({
      id: 'cus_0001',
      phone: '+31612345678',
      cardCodes: ['BL-1000-0001'],
    });
    expect(knownCustomers.ada.points).toBe(1250);
    expect(knownCustomers.blocked.customer.status).toBe('blocked');
    expect(knownCustomers.conformance.customer.id).toBe('cus_conformance');
  });

  it('has a catalog of about 120 valid products with categories, brands, families and EAN-13 barcodes', () => {
    const catalog = seedCatalog();
    expect(catalog.length).toBeGreaterThanOrEqual(115);
    expect(new Set(catalog.map((product) => product.sku)).size).toBe(catalog.length);
    for (const product of catalog) {
      parseInput(ProductSchema, product, 'seed product');
      const barcode = product.barcodes?.[0] ?? '';
      const digits = [...barcode].map(Number);
      const sum = digits.slice(0, 12).reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 1 : 3), 0);
      expect((10 - (sum % 10)) % 10).toBe(digits[12]);
    }
    const categories = new Set(catalog.flatMap((product) => product.categories));
    for (const category of ['coffee', 'tea', 'bakery', 'deli', 'organic', 'gift_cards'])
      expect(categories).toContain(category);
  });
});
