import type { Product } from '@loyalty-link/core';

interface FamilySpec {
  family: string;
  skuStem: string;
  categories: string[];
  brand?: string;
  type?: Product['type'];
  /** Price per variant, in cents; one entry per variant suffix. */
  variants: readonly (readonly [suffix: string, label: string, cents: number])[];
}

const house = 'Bean & Leaf';
const sizes = (small: number): readonly (readonly [string, string, number])[] => [
  ['-S', 'small', small],
  ['', 'regular', small + 40],
  ['-L', 'large', small + 80],
];
const single = (cents: number): readonly (readonly [string, string, number])[] => [['', '', cents]];

const families: FamilySpec[] = [
  // Coffee drinks in three sizes: 10 × 3 = 30 products.
  ...(
    [
      ['Espresso', 'ESPRESSO', 210],
      ['Cappuccino', 'CAPPUCCINO', 290],
      ['Caffè latte', 'LATTE', 310],
      ['Flat white', 'FLATWHITE', 320],
      ['Americano', 'AMERICANO', 250],
      ['Filter coffee', 'FILTER', 220],
      ['Cortado', 'CORTADO', 280],
      ['Macchiato', 'MACCHIATO', 260],
      ['Mocha', 'MOCHA', 350],
      ['Iced latte', 'ICEDLATTE', 360],
    ] as const
  ).map(([family, stem, cents]) => ({
    family,
    skuStem: `BL-COF-${stem}`,
    categories: ['drinks', 'coffee'],
    brand: house,
    variants: sizes(cents),
  })),
  // Beans and ground coffee to take home: 8 products.
  ...(
    [
      ['House espresso beans 500 g', 'BEANS-ESP', 1295, false],
      ['House filter blend 250 g', 'BEANS-FILTER', 795, false],
      ['Ethiopia Yirgacheffe 250 g', 'BEANS-ETH', 1095, true],
      ['Colombia Huila 250 g', 'BEANS-COL', 995, false],
      ['Guatemala Antigua 250 g', 'BEANS-GUA', 1050, false],
      ['Decaf Swiss water 250 g', 'BEANS-DECAF', 925, false],
      ['Peru organic 250 g', 'BEANS-PERU', 1025, true],
      ['Ground espresso 250 g', 'GROUND-ESP', 745, false],
    ] as const
  ).map(([family, stem, cents, organic]) => ({
    family,
    skuStem: `BL-COF-${stem}`,
    categories: organic ? ['coffee', 'beans', 'organic'] : ['coffee', 'beans'],
    brand: house,
    variants: single(cents),
  })),
  // Tea drinks in three sizes: 5 × 3 = 15 products.
  ...(
    [
      ['Fresh mint tea', 'MINT', 260],
      ['Chai latte', 'CHAI', 330],
      ['Matcha latte', 'MATCHA', 380],
      ['English breakfast', 'BREAKFAST', 230],
      ['Jasmine green tea', 'JASMINE', 250],
    ] as const
  ).map(([family, stem, cents]) => ({
    family,
    skuStem: `BL-TEA-DRINK-${stem}`,
    categories: ['drinks', 'tea'],
    brand: house,
    variants: sizes(cents),
  })),
  // Loose-leaf tea: 15 products, half of them organic.
  ...(
    [
      ['Darjeeling first flush 100 g', 'DARJEELING', 1150, true],
      ['Assam 100 g', 'ASSAM', 695, false],
      ['Earl grey 100 g', 'EARLGREY', 725, false],
      ['Sencha 100 g', 'SENCHA', 895, true],
      ['Gyokuro 50 g', 'GYOKURO', 1450, true],
      ['Rooibos vanilla 100 g', 'ROOIBOS', 650, true],
      ['Chamomile 50 g', 'CHAMOMILE', 595, true],
      ['Peppermint 50 g', 'PEPPERMINT', 550, true],
      ['Lapsang souchong 100 g', 'LAPSANG', 850, false],
      ['Oolong Tie Guan Yin 100 g', 'OOLONG', 1275, false],
      ['White peony 50 g', 'WHITEPEONY', 1095, true],
      ['Masala chai blend 100 g', 'CHAIBLEND', 795, false],
      ['Genmaicha 100 g', 'GENMAICHA', 745, false],
      ['Hibiscus berry 100 g', 'HIBISCUS', 625, true],
      ['Matcha ceremonial 30 g', 'MATCHA30', 1895, true],
    ] as const
  ).map(([family, stem, cents, organic]) => ({
    family,
    skuStem: `BL-TEA-LEAF-${stem}`,
    categories: organic ? ['tea', 'loose_leaf', 'organic'] : ['tea', 'loose_leaf'],
    brand: organic ? 'Leaf & Root Organics' : house,
    variants: single(cents),
  })),
  // Bakery: 22 products.
  ...(
    [
      ['Butter croissant', 'CROISSANT', 245],
      ['Almond croissant', 'ALMONDCROISSANT', 325],
      ['Pain au chocolat', 'PAINCHOC', 275],
      ['Cinnamon roll', 'CINNAMON', 345],
      ['Cardamom bun', 'CARDAMOM', 345],
      ['Blueberry muffin', 'MUFFIN-BLUE', 295],
      ['Chocolate muffin', 'MUFFIN-CHOC', 295],
      ['Banana bread slice', 'BANANABREAD', 310],
      ['Carrot cake slice', 'CARROTCAKE', 395],
      ['Dutch apple pie slice', 'APPLEPIE', 425],
      ['Stroopwafel', 'STROOPWAFEL', 150],
      ['Chocolate chip cookie', 'COOKIE-CHOC', 195],
      ['Oat and raisin cookie', 'COOKIE-OAT', 195],
      ['Brownie', 'BROWNIE', 295],
      ['Lemon drizzle slice', 'LEMON', 325],
      ['Sourdough loaf', 'SOURDOUGH', 595],
      ['Spelt loaf', 'SPELT', 645],
      ['Rye bread', 'RYE', 525],
      ['Baguette', 'BAGUETTE', 295],
      ['Focaccia rosemary', 'FOCACCIA', 450],
      ['Scone with clotted cream', 'SCONE', 375],
      ['Gluten-free brownie', 'GF-BROWNIE', 350],
    ] as const
  ).map(([family, stem, cents]) => ({
    family,
    skuStem: `BL-BAK-${stem}`,
    categories: ['food', 'bakery'],
    brand: house,
    variants: single(cents),
  })),
  // Deli: 20 products, some organic.
  ...(
    [
      ['Aged Gouda 200 g', 'GOUDA', 595, false],
      ['Goat cheese 150 g', 'GOATCHEESE', 525, true],
      ['Olives Kalamata 200 g', 'OLIVES', 450, false],
      ['Hummus 200 g', 'HUMMUS', 375, true],
      ['Smoked salmon 100 g', 'SALMON', 795, false],
      ['Serrano ham 100 g', 'SERRANO', 650, false],
      ['Tomato soup 500 ml', 'SOUP-TOMATO', 495, true],
      ['Pea soup 500 ml', 'SOUP-PEA', 495, false],
      ['Club sandwich', 'SANDWICH-CLUB', 695, false],
      ['Caprese sandwich', 'SANDWICH-CAPRESE', 645, false],
      ['Falafel wrap', 'WRAP-FALAFEL', 625, true],
      ['Quinoa salad', 'SALAD-QUINOA', 795, true],
      ['Caesar salad', 'SALAD-CAESAR', 825, false],
      ['Greek yoghurt with granola', 'YOGHURT', 450, true],
      ['Fresh orange juice 330 ml', 'OJ', 395, true],
      ['Sparkling water 500 ml', 'WATER', 225, false],
      ['Apple juice 330 ml', 'APPLEJUICE', 325, true],
      ['Honey 250 g', 'HONEY', 695, true],
      ['Strawberry jam 300 g', 'JAM', 475, false],
      ['Dark chocolate 100 g', 'CHOCOLATE', 395, true],
    ] as const
  ).map(([family, stem, cents, organic]) => ({
    family,
    skuStem: `BL-DELI-${stem}`,
    categories: organic ? ['food', 'deli', 'organic'] : ['food', 'deli'],
    brand: organic ? 'Leaf & Root Organics' : house,
    variants: single(cents),
  })),
  // Gift cards: 3 products, never payable with points.
  {
    family: 'Gift card',
    skuStem: 'BL-GIFT',
    categories: ['gift_cards'],
    brand: house,
    type: 'gift_card',
    variants: [
      ['-10', '€10', 1000],
      ['-25', '€25', 2500],
      ['-50', '€50', 5000],
    ],
  },
  // Merchandise: 8 products.
  ...(
    [
      ['Ceramic mug', 'MUG', 1495],
      ['Travel cup', 'TRAVELCUP', 1995],
      ['French press', 'FRENCHPRESS', 3495],
      ['Pour-over dripper', 'DRIPPER', 2495],
      ['Paper filters (100)', 'FILTERS', 495],
      ['Tea infuser', 'INFUSER', 895],
      ['Tote bag', 'TOTE', 995],
      ['Tea pot', 'TEAPOT', 2995],
    ] as const
  ).map(([family, stem, cents]) => ({
    family,
    skuStem: `BL-MERCH-${stem}`,
    categories: ['merchandise'],
    brand: house,
    variants: single(cents),
  })),
];

/** An EAN-13 barcode with a valid check digit, under the Dutch `871` prefix. */
function ean13(serial: number): string {
  const body = `871${String(serial).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/**
 * The Bean & Leaf catalog: 121 products (coffee and tea drinks in three sizes, beans, loose-leaf tea,
 * bakery, deli, gift cards, merchandise) with categories (most specific last), brands, families and EAN-13
 * barcodes. Deterministic: the same list on every call. SKUs are stable, e.g. `BL-COF-CAPPUCCINO` (regular
 * size), `BL-COF-CAPPUCCINO-L`, `BL-BAK-CROISSANT`, `BL-GIFT-25`.
 *
 * @example
 * ```ts
 * await client.syncProducts(seedCatalog());
 * ```
 */
export function seedCatalog(): Product[] {
  const products: Product[] = [];
  let serial = 100;
  for (const spec of families) {
    for (const [suffix, label, cents] of spec.variants) {
      serial += 1;
      products.push({
        sku: `${spec.skuStem}${suffix}`,
        name: label === '' || label === 'regular' ? spec.family : `${spec.family} (${label})`,
        type: spec.type ?? 'physical',
        ...(spec.brand === undefined ? {} : { brand: spec.brand }),
        family: spec.family,
        categories: [...spec.categories],
        price: { amount: cents, currency: 'EUR' },
        barcodes: [ean13(serial)],
        active: true,
      });
    }
  }
  return products;
}
