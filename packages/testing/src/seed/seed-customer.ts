import type { Customer, Wallet } from '@loyalty-link/core';

/**
 * A customer as the platform starts with them: the profile, and the opening state of their account. The
 * opening balance is booked as one `adjust` ledger entry, so the ledger always sums to the balance.
 */
export interface SeedCustomer {
  /** The profile (its `version` is the starting version). */
  customer: Customer;
  /** Available points at the start. */
  points: number;
  /**
   * Qualifying points already collected in the current calendar year; they decide the tier.
   * @default points
   */
  qualifyingPoints?: number;
  /**
   * Points earned over the membership, for `Balance.points.lifetime`.
   * @default the larger of points and qualifyingPoints
   */
  lifetimePoints?: number;
  /**
   * Gift cards and store credit.
   * @default []
   */
  wallets?: Wallet[];
  /**
   * Stamps already on stamp cards, by `stamp_card` rule id.
   * @default {}
   */
  stamps?: Record<string, number>;
}
