import { isIPv6 } from 'node:net';

/**
 * The key per-address limits count under: an IPv4 address as is (an IPv4-mapped IPv6 address is
 * the IPv4 address), an IPv6 address by its /64, the block one subscriber or one LAN gets
 * (RFC 6177), so one machine cannot dodge a limit by cycling addresses within it.
 */
export function clientAddressKey(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (mapped) return mapped[1];
  if (!isIPv6(remoteAddress)) return remoteAddress;
  const [head, tail = ''] = remoteAddress.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = remoteAddress.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}
