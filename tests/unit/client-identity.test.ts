import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientBehindProxies } from '../../server/security/client-identity';

const proxies = new BlockList();
proxies.addAddress('10.0.0.9', 'ipv4');
proxies.addSubnet('10.1.0.0', 16, 'ipv4');
proxies.addAddress('2001:db8::9', 'ipv6');

describe('clientBehindProxies', () => {
  it('is the right-most address in X-Forwarded-For that is not one of the proxies', () => {
    expect(clientBehindProxies('10.0.0.9', '198.51.100.7', proxies)).toBe('198.51.100.7');
    // What the client wrote itself stays left of what the proxies appended.
    expect(clientBehindProxies('10.0.0.9', '1.1.1.1, 198.51.100.7', proxies)).toBe('198.51.100.7');
    // Through two proxies: the one before the peer appended the client.
    expect(clientBehindProxies('10.0.0.9', '1.1.1.1,198.51.100.7 , 10.1.2.3', proxies)).toBe(
      '198.51.100.7',
    );
  });

  it('is the peer when the peer is not a proxy, whatever the header says', () => {
    expect(clientBehindProxies('203.0.113.5', '198.51.100.7', proxies)).toBe('203.0.113.5');
    expect(clientBehindProxies('unknown', '198.51.100.7', proxies)).toBe('unknown');
  });

  it('is the last proxy when the header is missing, empty, all proxies, or ends in a malformed entry', () => {
    expect(clientBehindProxies('10.0.0.9', undefined, proxies)).toBe('10.0.0.9');
    expect(clientBehindProxies('10.0.0.9', '', proxies)).toBe('10.0.0.9');
    expect(clientBehindProxies('10.0.0.9', '10.1.0.1', proxies)).toBe('10.1.0.1');
    // An entry that is not an address vouches for nothing to its left.
    expect(clientBehindProxies('10.0.0.9', '198.51.100.7, unknown', proxies)).toBe('10.0.0.9');
    expect(clientBehindProxies('10.0.0.9', '198.51.100.7, 10.1.0.1, _hidden', proxies)).toBe(
      '10.0.0.9',
    );
    expect(clientBehindProxies('10.0.0.9', '198.51.100.7,,', proxies)).toBe('10.0.0.9');
    expect(clientBehindProxies('10.0.0.9', '198.51.100.7, 10.1.0.1, x', proxies)).toBe('10.0.0.9');
    expect(clientBehindProxies('10.0.0.9', '198.51.100.7, 10.1.0.1', proxies)).toBe('198.51.100.7');
    expect(clientBehindProxies('10.0.0.9', `${'1'.repeat(300)}`, proxies)).toBe('10.0.0.9');
  });

  it('reads addresses with a port, in brackets, IPv6 and IPv4-mapped IPv6', () => {
    expect(clientBehindProxies('10.0.0.9', '198.51.100.7:52311', proxies)).toBe('198.51.100.7');
    expect(clientBehindProxies('10.0.0.9', '[2001:DB8::7]:443', proxies)).toBe('2001:db8::7');
    expect(clientBehindProxies('10.0.0.9', '2001:db8::7', proxies)).toBe('2001:db8::7');
    expect(clientBehindProxies('10.0.0.9', '::ffff:198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(clientBehindProxies('::ffff:10.0.0.9', '198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(clientBehindProxies('2001:db8::9', '198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(clientBehindProxies('10.0.0.9', 'fe80::1%eth0', proxies)).toBe('10.0.0.9');
  });
});
