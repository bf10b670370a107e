/**
 * Where webhook deliveries may go (SSRF): `check` resolves the URL's host and refuses
 * (WebhookDestinationRefusedError) a loopback, private, link-local or unspecified address
 * unless WEBHOOK_ALLOW_PRIVATE_NETWORKS is set, and a cloud-metadata address always. Checked
 * when a subscription is made and again before every attempt (DNS can change); the sender
 * checks the address it connects to as well.
 */
export interface DestinationGuard {
  check(url: string): Promise<void>;
}

export const DESTINATION_GUARD = Symbol('DestinationGuard');
