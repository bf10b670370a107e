import { describe, expect, it } from 'vitest';
import { refusalOf } from './dns-destination.guard.js';

describe('refusalOf (the SSRF guard on one address)', () => {
  it('lets public addresses through', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(refusalOf(address, false)).toBeUndefined();
  });

  it('refuses loopback, private, link-local, unique-local, CGNAT and unspecified addresses, v4, v6 and v4-mapped alike', () => {
    const refused: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '::1': 'loopback',
      '::ffff:127.0.0.1': 'loopback',
      '10.0.0.8': 'private',
      '172.16.5.4': 'private',
      '192.168.1.1': 'private',
      '::ffff:10.0.0.1': 'private',
      '169.254.1.1': 'linkLocal',
      'fe80::1': 'linkLocal',
      'fd12:3456::1': 'uniqueLocal',
      '100.64.0.1': 'carrierGradeNat',
      '0.0.0.0': 'unspecified',
      '::': 'unspecified',
    };
    for (const [address, range] of Object.entries(refused)) expect(refusalOf(address, false), address).toContain(`a ${range} address`);
  });

  it('with private networks allowed, still refuses cloud-metadata and unspecified addresses', () => {
    for (const address of ['127.0.0.1', '10.0.0.8', 'fd12:3456::1', '169.254.1.1']) expect(refusalOf(address, true), address).toBeUndefined();
    for (const address of ['169.254.169.254', 'fd00:ec2::254', '::ffff:169.254.169.254', '100.100.100.200', '169.254.170.2']) {
      expect(refusalOf(address, true), address).toContain('cloud-metadata');
    }
    expect(refusalOf('0.0.0.0', true)).toContain('unspecified');
  });
});
