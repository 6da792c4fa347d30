/**
 * Units. Names carry their unit (`Kbps`, `Ms`, `Bytes`); these helpers convert and format
 * so no component writes its own arithmetic for "80 kbps is 10 kB/s".
 */

export const BITS_PER_BYTE = 8;

/** kilobits per second to kilobytes per second (decimal: 1 kB = 1000 bytes). */
export function kbpsToKBps(kbps: number): number {
  return kbps / BITS_PER_BYTE;
}

export function kbpsToMbps(kbps: number): number {
  return kbps / 1000;
}

export function mbpsToKbps(mbps: number): number {
  return mbps * 1000;
}

/** Bits per second carried by `packetsPerSecond` packets of `bytes` each. */
export function packetsToKbps(bytes: number, packetsPerSecond: number): number {
  return (bytes * BITS_PER_BYTE * packetsPerSecond) / 1000;
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "720 kbps", "79,920 kbps"; switches to Mbps/Gbps above 10,000/10,000,000 when `compact`. */
export function formatKbps(kbps: number, { compact = false } = {}): string {
  if (compact && kbps >= 10_000_000) return `${numberFormat.format(kbps / 1_000_000)} Gbps`;
  if (compact && kbps >= 10_000) return `${numberFormat.format(kbps / 1000)} Mbps`;
  return `${(Number.isInteger(kbps) ? integerFormat : numberFormat).format(kbps)} kbps`;
}

export function formatMs(ms: number): string {
  return `${integerFormat.format(Math.round(ms))} ms`;
}

export function formatCount(n: number): string {
  return integerFormat.format(n);
}

export function formatPercent(fraction: number, digits = 0): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}
