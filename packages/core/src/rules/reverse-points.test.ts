import { describe, expect, it } from 'vitest';
import { isValidationError } from '../errors/validation-error';
import { reversePoints } from './reverse-points';

describe('reversePoints', () => {
  it('takes back a line in parts that add up to exactly what it earned', () => {
    const line = { soldQuantity: 3, linePoints: 10 };
    expect(reversePoints({ ...line, alreadyReturnedQuantity: 0, returningQuantity: 1 })).toBe(3);
    expect(reversePoints({ ...line, alreadyReturnedQuantity: 1, returningQuantity: 1 })).toBe(3);
    expect(reversePoints({ ...line, alreadyReturnedQuantity: 2, returningQuantity: 1 })).toBe(4);
    expect(reversePoints({ ...line, returningQuantity: 3 })).toBe(10);
  });

  it('handles weighed quantities in exact thousandths', () => {
    // 1.245 kg earned 7 points; 0.5 kg back takes ⌊7 × 500 / 1245⌋ = 2, the remaining 0.745 kg the other 5.
    const line = { soldQuantity: 1.245, linePoints: 7 };
    expect(reversePoints({ ...line, returningQuantity: 0.5 })).toBe(2);
    expect(reversePoints({ ...line, alreadyReturnedQuantity: 0.5, returningQuantity: 0.745 })).toBe(5);
  });

  it('never takes back more than the line earned, even when more comes back than was sold', () => {
    expect(reversePoints({ soldQuantity: 2, linePoints: 9, returningQuantity: 5 })).toBe(9);
    expect(reversePoints({ soldQuantity: 2, linePoints: 9, alreadyReturnedQuantity: 2, returningQuantity: 1 })).toBe(0);
    expect(reversePoints({ soldQuantity: 2, linePoints: 0, returningQuantity: 2 })).toBe(0);
  });

  it('rejects quantities and points that cannot be right', () => {
    const codes = (input: Parameters<typeof reversePoints>[0]): string[] => {
      try {
        reversePoints(input);
      } catch (error) {
        if (isValidationError(error)) return error.issues.map((issue) => issue.code);
      }
      return [];
    };
    expect(codes({ soldQuantity: 0, linePoints: 5, returningQuantity: 1 })).toEqual(['invalid_quantity']);
    expect(codes({ soldQuantity: 2, linePoints: 5, returningQuantity: -1 })).toEqual(['invalid_quantity']);
    expect(codes({ soldQuantity: 2, linePoints: -5, returningQuantity: 1 })).toEqual(['invalid_points']);
    expect(codes({ soldQuantity: 2, linePoints: 1.5, returningQuantity: 1 })).toEqual(['invalid_points']);
    expect(codes({ soldQuantity: 2, linePoints: 5, returningQuantity: 0.0001 })).toEqual(['too_precise']);
  });
});
