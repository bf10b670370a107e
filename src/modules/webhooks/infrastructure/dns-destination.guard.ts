import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import ipaddr from 'ipaddr.js';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { withTimeout } from '../../../shared/infrastructure/with-timeout.js';
import type { DestinationGuard } from '../application/ports/destination-guard.js';
import { WebhookDestinationRefusedError } from '../domain/webhook.errors.js';

/** Cloud instance-metadata endpoints (AWS, ECS, GCP, Azure, Alibaba, Oracle): refused even on private networks. */
const METADATA = new Set(['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', '100.100.100.200', '168.63.129.16', '192.0.0.192']);

/** ipaddr.js ranges reachable only on the deployment's own networks. */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'linkLocal', 'uniqueLocal', 'carrierGradeNat']);

const LOOKUP_TIMEOUT_MS = 5_000;

/** Why deliveries may not go to `address`, or undefined when they may. */
export function refusalOf(address: string, allowPrivateNetworks: boolean): string | undefined {
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const normalized = ip.kind() === 'ipv6' ? (ip as ipaddr.IPv6).toNormalizedString() : ip.toString();
  if (METADATA.has(normalized) || METADATA.has(ip.toString())) return `resolves to ${address}, a cloud-metadata address`;
  const range = ip.range();
  if (range === 'unicast') return undefined;
  if (allowPrivateNetworks && PRIVATE_RANGES.has(range)) return undefined;
  return `resolves to ${address}, a ${range} address${PRIVATE_RANGES.has(range) ? ' (WEBHOOK_ALLOW_PRIVATE_NETWORKS is off)' : ''}`;
}

/**
 * The destination guard on DNS (dns.lookup, as connections resolve, /etc/hosts included):
 * every address a host resolves to must be allowed (a name with one public and one private
 * address is refused). `guardedLookup` checks the address a delivery's socket connects to,
 * so that a name that resolves elsewhere between the check and the connection (DNS
 * rebinding) is refused then too.
 */
@Injectable()
export class DnsDestinationGuard implements DestinationGuard {
  private readonly allowPrivate: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.allowPrivate = config.webhooks.allowPrivateNetworks;
  }

  async check(url: string): Promise<void> {
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: LookupAddress[];
    if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
    else {
      try {
        addresses = await withTimeout(dnsLookup(host, { all: true }), LOOKUP_TIMEOUT_MS, `resolving ${host}`);
      } catch {
        throw new WebhookDestinationRefusedError(`host ${host} does not resolve`);
      }
    }
    for (const { address } of addresses) {
      const refusal = refusalOf(address, this.allowPrivate);
      if (refusal) throw new WebhookDestinationRefusedError(refusal);
    }
  }
}

/**
 * A `lookup` for a delivery's socket (axios's `lookup` option, its promise form) that
 * resolves as the guard does and refuses what the guard refuses.
 */
export function guardedLookup(allowPrivateNetworks: boolean) {
  return async (hostname: string): Promise<[{ address: string; family: 4 | 6 }[]]> => {
    const addresses = await dnsLookup(hostname, { all: true });
    const refused = addresses.map(({ address }) => refusalOf(address, allowPrivateNetworks)).find(Boolean);
    if (refused) throw Object.assign(new Error(`the webhook URL ${refused}`), { code: 'EWEBHOOKREFUSED' });
    return [addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }))];
  };
}
