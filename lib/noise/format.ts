/** Formats for the noise-suppression figures that lib/units.ts does not have. */

const usdWhole = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const usdCents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** "$0.04", "$1,733", "$15.2 million". */
export function formatUsd(amount: number): string {
  if (Math.abs(amount) >= 1_000_000) return `$${oneDecimal.format(amount / 1_000_000)} million`;
  if (Math.abs(amount) >= 100) return usdWhole.format(amount);
  return usdCents.format(amount);
}

/** "60×", "7.4×": how many times faster than real time. */
export function formatRealTimeFactor(factor: number): string {
  return `${oneDecimal.format(factor >= 100 ? Math.round(factor) : factor)}×`;
}

/** "1.7 % of one core" (a no-break space keeps the number and the sign on one line). */
export function formatCoreShare(share: number): string {
  return `${oneDecimal.format(share * 100)}\u00a0% of one core`;
}
