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

/** "10 kB/s" (decimal kilobytes). */
export function formatKBps(kBps: number): string {
  return `${numberFormat.format(kBps)} kB/s`;
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

export function kbpsToGbps(kbps: number): number {
  return kbps / 1_000_000;
}

/** 229.2 -> 230 at two significant digits, 43_334 -> 43_000: the precision a sentence needs, not a table. */
export function roundToSignificant(n: number, digits: number): number {
  if (n === 0 || !Number.isFinite(n)) return n;
  const magnitude = 10 ** (Math.floor(Math.log10(Math.abs(n))) - digits + 1);
  return Math.round(n / magnitude) * magnitude;
}

/** "1 Mbps", "259 Mbps", "79.9 Mbps" (one decimal at most). */
export function formatMbps(kbps: number): string {
  return `${numberFormat.format(kbpsToMbps(kbps))} Mbps`;
}

/** "1 Gbps", "220 Gbps". */
export function formatGbps(kbps: number): string {
  return `${numberFormat.format(kbpsToGbps(kbps))} Gbps`;
}

/** "40 bytes", "229 bytes" (whole bytes). */
export function formatBytes(bytes: number): string {
  return `${integerFormat.format(Math.round(bytes))} bytes`;
}

/** "0.9 s", "2.1 s", "1 s": seconds with one decimal at most, from milliseconds. */
export function formatSeconds(ms: number): string {
  return `${numberFormat.format(ms / 1000)} s`;
}

/** "8.6 times", "31 times": how many times one thing is another (one decimal at most). */
export function formatTimes(ratio: number, digits = 1): string {
  const format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
  return `${format.format(ratio)} times`;
}

/** "5 min", "30 min". */
export function formatMinutes(minutes: number): string {
  return `${numberFormat.format(minutes)} min`;
}
