import { describe, expect, it } from 'vitest';
import { isAllowedOrigin, parseAllowedOrigins } from '@/server/ws/originPolicy';
import { clientAddressKey } from '@/server/ws/clientAddress';

describe('which pages may open /ws', () => {
  it('accepts a page served by this host, under localhost, a LAN address or a name, http or https', () => {
    expect(isAllowedOrigin('http://localhost:3000', 'localhost:3000')).toBe(true);
    expect(isAllowedOrigin('http://192.168.1.20:3000', '192.168.1.20:3000')).toBe(true);
    expect(isAllowedOrigin('https://class.example', 'class.example')).toBe(true);
    expect(isAllowedOrigin('https://class.example', 'class.example:443')).toBe(true);
    expect(isAllowedOrigin('http://[::1]:3000', '[::1]:3000')).toBe(true);
  });

  it('refuses another site, another port of this host, "null", and an Origin that is not a URL', () => {
    expect(isAllowedOrigin('https://evil.example', 'localhost:3000')).toBe(false);
    expect(isAllowedOrigin('http://localhost:4000', 'localhost:3000')).toBe(false);
    expect(isAllowedOrigin('http://localhost:3000', 'localhost:3000.evil.example')).toBe(false);
    expect(isAllowedOrigin('null', 'localhost:3000')).toBe(false);
    expect(isAllowedOrigin('file://', 'localhost:3000')).toBe(false);
    expect(isAllowedOrigin('not a url', 'localhost:3000')).toBe(false);
    expect(isAllowedOrigin('http://localhost:3000', undefined)).toBe(false);
  });

  it('accepts the origins ALLOWED_ORIGINS lists, and a program that sends no Origin', () => {
    const allowed = parseAllowedOrigins(' https://class.example.org , http://10.0.0.5:8080/ ');
    expect(allowed).toEqual(['https://class.example.org', 'http://10.0.0.5:8080']);
    expect(isAllowedOrigin('https://class.example.org', 'sfu.internal:3000', allowed)).toBe(true);
    expect(isAllowedOrigin('https://other.example.org', 'sfu.internal:3000', allowed)).toBe(false);
    expect(isAllowedOrigin(undefined, 'localhost:3000')).toBe(true);
    expect(() => parseAllowedOrigins('class.example.org')).toThrow();
  });
});

describe('the key per-address limits count under', () => {
  it('is the IPv4 address, also when it arrives IPv4-mapped', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
  });

  it('is the /64 of an IPv6 address, written out or compressed', () => {
    expect(clientAddressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8:1:2::99')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
