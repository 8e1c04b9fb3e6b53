/**
 * DPoP proof checks (RFC 9449 §4.3) as Okta's org authorization server and Management API make
 * them for service apps with "Require Demonstrating Proof of Possession (DPoP) header in token
 * requests" (developer.okta.com/docs/guides/dpop/oktaresourceserver/main/). Pure apart from the
 * clock each call is given; the stores of used `jti`s and issued nonces are small classes here
 * so the token endpoint and the gate share one notion of "fresh".
 *
 * Refusal texts are Okta's where they are known from Okta's support articles and SDK issues
 * ("The DPoP proof JWT header is missing.", "DPoP proof JWT cannot be parsed.", "'htu' claim in
 * the DPoP proof JWT is invalid.", "Authorization server requires nonce in DPoP proof."); the
 * others follow the same pattern.
 */
import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, errors, type JWK, jwtVerify } from 'jose';
import { z } from 'zod';

/** Okta's `dpop_signing_alg_values_supported` (and the `algs` of its DPoP challenges). */
export const DPOP_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;
/**
 * How far a proof's `iat` may be from the server's clock, either way. RFC 9449 §11.1 leaves the
 * window to the server ("seconds or minutes"); Okta does not publish its own. The `jti`s of
 * accepted proofs are remembered for twice this long, after which an old proof fails on `iat`.
 */
export const PROOF_IAT_WINDOW_SECONDS = 300;
/** Server nonces (RFC 9449 §8) stay valid this long; a client holding an older one is challenged again. */
export const NONCE_TTL_SECONDS = 300;

/** A proof the server will not accept: `invalid_dpop_proof` with this description. */
export class DpopProofError extends Error {
  constructor(readonly description: string) {
    super(`invalid_dpop_proof: ${description}`);
    this.name = 'DpopProofError';
  }
}

export interface VerifiedProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's public key: what a DPoP-bound token is bound to. */
  jkt: string;
  jti: string;
  iat: number;
  nonce: string | undefined;
}

/** The claims RFC 9449 §4.2 requires, parsed rather than trusted. */
const ProofClaims = z.object({
  htm: z.string(),
  htu: z.string(),
  iat: z.number(),
  jti: z.string().min(1),
  nonce: z.string().optional(),
  ath: z.string().optional(),
});

/** base64url SHA-256 of the access token: the `ath` claim of a proof sent with that token. */
export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token, 'ascii').digest('base64url');
}

/**
 * `htu` is compared without query and fragment (RFC 9449 §4.3 step 9), after the URL parser's
 * syntax-based normalisation (case of scheme and host, default port, dot segments).
 */
function normalisedHtu(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return undefined;
  }
}

const claimDescription = (claim: string) => `'${claim}' claim in the DPoP proof JWT is invalid.`;

/**
 * Verifies one `DPoP` header for a request `htm htu` at `now`: a single compact JWS with
 * `typ: dpop+jwt`, an allowed asymmetric algorithm, signed by the public key embedded in its
 * `jwk` header, with the claims of RFC 9449 §4.2, `htm`/`htu` matching the request, `iat` within
 * the window and, when `accessToken` is given (a resource request), `ath` equal to its hash.
 * Nonces and `jti` reuse are the caller's to check, with the stores below.
 */
export async function verifyDpopProof(
  header: string | string[] | undefined,
  expected: { htm: string; htu: string; now: Date; accessToken?: string },
): Promise<VerifiedProof> {
  if (header === undefined || header === '') throw new DpopProofError('The DPoP proof JWT header is missing.');
  // Node joins repeated headers; a proof is one JWS, so several DPoP headers cannot be parsed.
  if (Array.isArray(header) || header.split('.').length !== 3)
    throw new DpopProofError('DPoP proof JWT cannot be parsed.');

  let verified: Awaited<ReturnType<typeof jwtVerify>>;
  try {
    verified = await jwtVerify(header, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: [...DPOP_ALGORITHMS],
      currentDate: expected.now,
    });
  } catch (err) {
    if (err instanceof errors.JOSEAlgNotAllowed)
      throw new DpopProofError('The DPoP proof JWT is signed with an unsupported algorithm.');
    if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'typ')
      throw new DpopProofError("The DPoP proof JWT 'typ' header must be dpop+jwt.");
    if (err instanceof errors.JWSSignatureVerificationFailed)
      throw new DpopProofError('The DPoP proof JWT signature is invalid.');
    if (err instanceof errors.JWTExpired) throw new DpopProofError(claimDescription('exp'));
    throw new DpopProofError('DPoP proof JWT cannot be parsed.');
  }

  const claims = ProofClaims.safeParse(verified.payload);
  if (!claims.success) {
    const claim = claims.error.issues[0]?.path.join('.') || 'payload';
    throw new DpopProofError(claimDescription(claim));
  }
  const c = claims.data;
  if (c.htm !== expected.htm) throw new DpopProofError(claimDescription('htm'));
  const htu = normalisedHtu(c.htu);
  if (htu === undefined || htu !== normalisedHtu(expected.htu)) throw new DpopProofError(claimDescription('htu'));
  const nowSeconds = expected.now.getTime() / 1000;
  if (Math.abs(nowSeconds - c.iat) > PROOF_IAT_WINDOW_SECONDS) throw new DpopProofError(claimDescription('iat'));
  if (expected.accessToken !== undefined && c.ath !== accessTokenHash(expected.accessToken))
    throw new DpopProofError(claimDescription('ath'));

  // EmbeddedJWK accepted the key, so the header has a public `jwk`.
  const jwk = verified.protectedHeader.jwk as JWK;
  return { jkt: await calculateJwkThumbprint(jwk, 'sha256'), jti: c.jti, iat: c.iat, nonce: c.nonce };
}

/** Proof `jti`s already accepted, per key, kept only while a proof with that `jti` could still pass `iat`. */
export class ProofReplayCache {
  readonly #seen = new Map<string, number>();

  /** True the first time the proof is seen; false for a replay. */
  consume(proof: Pick<VerifiedProof, 'jkt' | 'jti' | 'iat'>, now: Date): boolean {
    const nowMs = now.getTime();
    for (const [key, until] of this.#seen) if (until <= nowMs) this.#seen.delete(key);
    const key = `${proof.jkt} ${proof.jti}`;
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, (proof.iat + PROOF_IAT_WINDOW_SECONDS) * 1000 + 1);
    return true;
  }
}

/**
 * Server-issued nonces (RFC 9449 §8): random values the client must echo in its proof's `nonce`,
 * each valid for `NONCE_TTL_SECONDS` on the simulator's clock. Every challenge issues a new one,
 * so nonces rotate; any unexpired one is accepted.
 */
export class DpopNonces {
  readonly #issued = new Map<string, number>();

  issue(now: Date): string {
    this.#prune(now.getTime());
    const nonce = randomBytes(24).toString('base64url');
    this.#issued.set(nonce, now.getTime() + NONCE_TTL_SECONDS * 1000);
    return nonce;
  }

  isValid(nonce: string | undefined, now: Date): boolean {
    this.#prune(now.getTime());
    return nonce !== undefined && this.#issued.has(nonce);
  }

  #prune(nowMs: number): void {
    for (const [nonce, until] of this.#issued) if (until <= nowMs) this.#issued.delete(nonce);
  }
}
