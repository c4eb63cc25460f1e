const MONEY_PRECISION = 1e6;

/**
 * Rounds an amount to 6 decimal places, so that repeated charges such as `0.1 * 3` do not
 * leave binary floating-point noise in balances shown to clients.
 *
 * @example
 * ```ts
 * roundMoney(100 - 0.1 * 3); // 99.7
 * ```
 */
export function roundMoney(amount: number): number {
  return Math.round(amount * MONEY_PRECISION) / MONEY_PRECISION;
}
