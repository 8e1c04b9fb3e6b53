/**
 * RFC 7643 §3.1 `meta` for a stored record, and the weak ETag derived from its version
 * (RFC 7644 §3.14: "W/" because the representation may differ by attributes requested).
 */
import type { ScimMeta } from '../../domain/scim-user';
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
