import { createHash, randomBytes } from 'node:crypto';
import { type ConnectionToken, tokenProtocolPrefix, wireProtocol } from '../../domain/ipc-wire';

/** What a token was issued for: the launch link, or a connected window's next connection. */
export type TokenPurpose = 'link' | 'ticket';

/**
 * The browser host's connection tokens. Each opens one WebSocket connection, once: a copy taken
 * from anywhere after the window used it (a log, a process listing, a browser profile) opens
 * nothing. Only SHA-256 digests are kept, so a lookup's timing says nothing about how close a
 * guess was, and the host's memory holds no usable token.
 */
export interface OneTimeTokens {
  /** 256 random bits, usable once. */
  issue(purpose: TokenPurpose): ConnectionToken;
  /** Spends the offered token: what it was issued for, or null if it never was or is spent. */
  redeem(offered: string | null): TokenPurpose | null;
}

export function createOneTimeTokens(): OneTimeTokens {
  const live = new Map<string, TokenPurpose>();
  const digest = (token: string) => createHash('sha256').update(token).digest('hex');
  return {
    issue(purpose) {
      const token = randomBytes(32).toString('hex');
      live.set(digest(token), purpose);
      return token;
    },
    redeem(offered) {
      if (offered === null) return null;
      const key = digest(offered);
      const purpose = live.get(key) ?? null;
      live.delete(key);
      return purpose;
    },
  };
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
