import { randomBytes, timingSafeEqual } from 'node:crypto';
import { tokenProtocolPrefix, wireProtocol } from '../../domain/ipc-wire';

/** 256 random bits per launch: whoever holds it is the window we opened, nobody else. */
export function createLaunchToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Reads the token from the `Sec-WebSocket-Protocol` offer (`latchkey.v1, token.<hex>`). Browsers
 * cannot set other headers on a WebSocket, and a subprotocol keeps the token out of URLs and logs.
 */
export function offeredToken(protocolHeader: string | string[] | undefined): string | null {
  const offers = (Array.isArray(protocolHeader) ? protocolHeader.join(',') : (protocolHeader ?? ''))
    .split(',')
    .map((offer) => offer.trim());
  if (!offers.includes(wireProtocol)) return null;
  const tokenOffer = offers.find((offer) => offer.startsWith(tokenProtocolPrefix));
  return tokenOffer ? tokenOffer.slice(tokenProtocolPrefix.length) : null;
}

export function tokenMatches(offered: string | null, expected: string): boolean {
  if (offered === null) return false;
  const a = Buffer.from(offered);
  const b = Buffer.from(expected);
  // Constant-time so response timing does not reveal how much of a guess was right.
  return a.length === b.length && timingSafeEqual(a, b);
}
