import { describe, expect, it } from 'vitest';
import { isValidationError } from '../errors/validation-error';
import { parseTransaction } from '../schemas/parse';
import type { Transaction } from '../schemas/transaction';
import { estimateEarn } from './estimate-earn';
import { estimateReturnReversal } from './reverse-earn';
import { testCoffeeProgram as program, type TestLineSpec, testMenu, testTransaction } from './test-program';

const { cappuccino, espressoBeans, bananaBread, croissant } = testMenu;

function returnOf(specs: readonly TestLineSpec[], options: { keepLineIds?: boolean } = {}): Transaction {
  const tx = testTransaction(specs, { id: 'RT-1', kind: 'return', originalTransactionId: 'R-1001' });
  if (options.keepLineIds === true) return tx;
  return parseTransaction({ ...tx, lines: tx.lines.map(({ lineId: _lineId, ...line }) => line) });
}

const voidOfSale = (): Transaction =>
  parseTransaction({
    ...testTransaction([], { id: 'V-1', kind: 'void', originalTransactionId: 'R-1001' }),
    lines: [],
  });

describe('estimateReturnReversal', () => {
  const sale = testTransaction([cappuccino, espressoBeans, bananaBread]);
  const earned = estimateEarn(program, sale); // 78 points: lines 3, 69, 6

  it('takes back everything a full return brings back, matched by line id', () => {
    const reversal = estimateReturnReversal(
      earned,
      sale,
      returnOf([cappuccino, espressoBeans, bananaBread], { keepLineIds: true }),
    );
    expect(reversal.points).toBe(78);
    expect(reversal.lines).toEqual([
      { saleLineIndex: 0, returnLineIndex: 0, quantity: 1, points: 3 },
      { saleLineIndex: 1, returnLineIndex: 1, quantity: 1, points: 69 },
      { saleLineIndex: 2, returnLineIndex: 2, quantity: 1, points: 6 },
    ]);
    expect(reversal.unmatched).toEqual([]);
    expect([...reversal.returnedQuantities]).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
  });

  it('takes back only the returned line, bonus included, when matched by sku', () => {
    const reversal = estimateReturnReversal(earned, sale, returnOf([espressoBeans]));
    expect(reversal.points).toBe(69); // 19 base points + the 50-point espresso bonus
    expect(reversal.lines).toEqual([{ saleLineIndex: 1, returnLineIndex: 0, quantity: 1, points: 69 }]);
  });

  it('spreads partial returns so that the last one completes the line exactly', () => {
    const threeCoffees = testTransaction([{ ...cappuccino, quantity: 3 }]); // €10.20 → 10 points
    const earnedOnCoffees = estimateEarn(program, threeCoffees);
    expect(earnedOnCoffees.points).toBe(10);
    const first = estimateReturnReversal(earnedOnCoffees, threeCoffees, returnOf([cappuccino]));
    const second = estimateReturnReversal(
      earnedOnCoffees,
      threeCoffees,
      returnOf([cappuccino]),
      first.returnedQuantities,
    );
    const third = estimateReturnReversal(
      earnedOnCoffees,
      threeCoffees,
      returnOf([cappuccino]),
      second.returnedQuantities,
    );
    expect([first.points, second.points, third.points]).toEqual([3, 3, 4]);
    // A fourth coffee was never sold: nothing more is taken back, and the register is told.
    const fourth = estimateReturnReversal(
      earnedOnCoffees,
      threeCoffees,
      returnOf([cappuccino]),
      third.returnedQuantities,
    );
    expect(fourth.points).toBe(0);
    expect(fourth.unmatched).toEqual([{ returnLineIndex: 0, quantity: 1 }]);
  });

  it('fills sale lines with the same sku in order, and honours a line id that names the second one', () => {
    const twoOrders = testTransaction([cappuccino, { ...croissant, quantity: 4 }, cappuccino]);
    // €17.20 → 17 points by value (340, 1040, 340): exact 3.36, 10.28, 3.36 → 3, 10, 3, and the point left
    // over goes to the largest remainder, the first line winning the tie.
    const twoEarned = estimateEarn(program, twoOrders);
    expect(twoEarned.lines.map((line) => line.points)).toEqual([4, 10, 3]);
    const both = estimateReturnReversal(twoEarned, twoOrders, returnOf([{ ...cappuccino, quantity: 2 }]));
    expect(both.lines.map((line) => [line.saleLineIndex, line.quantity, line.points])).toEqual([
      [0, 1, 4],
      [2, 1, 3],
    ]);
    const second = estimateReturnReversal(
      twoEarned,
      twoOrders,
      returnOf([{ ...cappuccino, lineId: '3' }], { keepLineIds: true }),
    );
    expect(second.lines.map((line) => line.saleLineIndex)).toEqual([2]);
  });

  it('lists what matches nothing in the sale, and takes nothing back for it', () => {
    const reversal = estimateReturnReversal(earned, sale, returnOf([croissant]));
    expect(reversal).toMatchObject({ points: 0, lines: [], unmatched: [{ returnLineIndex: 0, quantity: 1 }] });
  });

  it('reverses a void exactly, including what earlier returns have not taken yet', () => {
    expect(estimateReturnReversal(earned, sale, voidOfSale()).points).toBe(78);
    const partial = estimateReturnReversal(earned, sale, returnOf([cappuccino]));
    const rest = estimateReturnReversal(earned, sale, voidOfSale(), partial.returnedQuantities);
    expect(partial.points + rest.points).toBe(78);
    expect(rest.lines.map((line) => line.saleLineIndex)).toEqual([1, 2]);
  });

  it('reverses birthday points with the lines they were attributed to', () => {
    const birthdayEarn = estimateEarn(program, sale, { birthDate: '1990-03-14' }); // 178 = lines 16, 144, 18
    expect(estimateReturnReversal(birthdayEarn, sale, returnOf([cappuccino])).points).toBe(16);
    expect(estimateReturnReversal(birthdayEarn, sale, voidOfSale()).points).toBe(178);
  });

  it('refuses a sale as a return, and a return of another sale', () => {
    const codes = (run: () => unknown): string[] => {
      try {
        run();
      } catch (error) {
        if (isValidationError(error)) return error.issues.map((issue) => issue.code);
      }
      return [];
    };
    expect(codes(() => estimateReturnReversal(earned, sale, sale))).toEqual(['not_a_return']);
    const otherSale = parseTransaction({ ...returnOf([cappuccino]), originalTransactionId: 'R-9999' });
    expect(codes(() => estimateReturnReversal(earned, sale, otherSale))).toEqual(['original_mismatch']);
  });
});
