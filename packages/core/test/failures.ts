import { isValidationError } from '../src/index';

/** What `promise` rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** The codes of the `ValidationError` that `run` throws; fails the test if it throws nothing or another error. */
export function issueCodes(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (isValidationError(error)) return error.issues.map((issue) => issue.code);
    throw error;
  }
  throw new Error('expected a ValidationError');
}
