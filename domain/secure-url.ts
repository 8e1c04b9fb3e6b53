/**
 * "Is this URL safe to trust for identity or secrets?": `https:`, or plain `http:` only to this
 * machine (loopback: 127.0.0.0/8, ::1, localhost), which the demo and tests use. Anything else
 * in clear lets whoever sits on the network path swap the issuer's keys or read the traffic.
 */
import { z } from 'zod';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

export function isSecureOrLoopback(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** A URL that must be `https:`, or `http:` to loopback; `what` names it in the refusal. */
export const secureUrl = (what: string) =>
  z
    .url({ error: `${what} must be a URL such as https://example.com` })
    .refine(isSecureOrLoopback, { message: `${what} must use https (plain http only to 127.0.0.1 or localhost)` });
