/**
 * RFC 7643 §3.1 `meta` for a stored record, and the weak ETag derived from its version
 * (RFC 7644 §3.14: "W/" because the representation may differ by attributes requested).
 */
import type { ScimMeta } from '../../domain/scim-user';
import { ScimError } from './errors';
import type { Stored } from './scim-store';

export function metaFor(
  resourceType: ScimMeta['resourceType'],
  stored: Stored<{ updatedAt: string }>,
  location: string,
): ScimMeta {
  return {
    resourceType,
    created: stored.created,
    lastModified: stored.record.updatedAt,
    location,
    version: `W/"${stored.version}"`,
  };
}

/**
 * RFC 7644 §3.14 / RFC 9110 §13.1.1: a write carrying `If-Match` proceeds only if the resource
 * still has one of the listed versions (or `*`); otherwise 412 and nothing is changed.
 */
export function checkIfMatch(stored: Stored<unknown>, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const current = `"${stored.version}"`;
  const listed = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (!listed.includes('*') && !listed.includes(current)) {
    throw new ScimError(412, `the resource changed: its version is now W/${current}`);
  }
}
