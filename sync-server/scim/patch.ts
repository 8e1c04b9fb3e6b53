/**
 * PATCH (RFC 7644 §3.5.2) applied to a resource's SCIM representation. The operations are
 * applied by `scim-patch`; this file checks what that library leaves to us: the PatchOp envelope,
 * read-only attributes (`mutability`), and the merge rule for a path-less `replace`.
 *
 * The caller re-validates the patched representation with the same schema as a PUT, so a patch
 * can never store what a PUT could not (unknown attributes, a userName that is not the email).
 */
import { type ScimPatchOperation, scimPatch } from 'scim-patch';
import { PatchRequest, refusalFromZod } from '../../domain/scim-schemas';
import { isPrototypeKey } from '../../domain/text';
import { badRequest, ScimError, type ScimType } from './errors';

export interface PatchableResource {
  id: string;
  schemas: string[];
  [attribute: string]: unknown;
}

const CORE_URN = /^urn:ietf:params:scim:schemas:core:2\.0:(?:user|group):/i;

/**
 * Returns the patched representation (a new object; `resource` is not modified).
 * `readOnly` lists attribute names (lower case) a client may not change, e.g. `id`, `meta`.
 */
export function applyPatch(
  resource: PatchableResource,
  body: unknown,
  readOnly: readonly string[],
): Record<string, unknown> {
  const parsed = PatchRequest.safeParse(body);
  if (!parsed.success) {
    const refusal = refusalFromZod(parsed.error);
    throw badRequest('invalidSyntax', `invalid PatchOp: ${refusal.detail}`);
  }
  const operations: ScimPatchOperation[] = [];
  for (const op of parsed.data.Operations) {
    const { path } = op;
    if (path !== undefined) refusePrototypePath(path);
    if (path === undefined) {
      if (op.op === 'remove') throw badRequest('noTarget', "a 'remove' needs a path (RFC 7644 §3.5.2.2)");
      // RFC 7644 §3.5.2.3: sub-attributes not named in a path-less value "are left unchanged",
      // so each attribute of the value becomes its own operation instead of replacing `name` whole.
      if (typeof op.value !== 'object' || op.value === null || Array.isArray(op.value)) {
        throw badRequest('invalidValue', `a '${op.op}' without a path needs an object of attributes as its value`);
      }
      for (const [key, value] of Object.entries(op.value)) {
        refusePrototypePath(key);
        if (!isUnchangedReadOnly(resource, key, value, readOnly)) operations.push({ op: op.op, path: key, value });
      }
    } else if (op.op === 'remove') {
      isUnchangedReadOnly(resource, path, undefined, readOnly);
      operations.push({ op: 'remove', path, value: op.value });
    } else if (!isUnchangedReadOnly(resource, path, op.value, readOnly)) {
      operations.push({ op: op.op, path, value: op.value });
    }
  }
  try {
    const patched = scimPatch({ ...structuredClone(resource), meta: PLACEHOLDER_META }, operations, {
      mutateDocument: false,
    });
    const { meta: _meta, ...rest } = patched as Record<string, unknown>;
    return rest;
  } catch (cause) {
    if (cause instanceof ScimError) throw cause;
    const scimCode = (cause as { scimCode?: string }).scimCode;
    const scimType: ScimType = scimCode === 'noTarget' || scimCode === 'invalidPath' ? scimCode : 'invalidSyntax';
    const detail = cause instanceof Error ? cause.message : 'invalid patch';
    throw new ScimError(400, detail, scimType, { cause });
  }
}

/**
 * `scim-patch` follows a path's segments as property names, so `__proto__.x` or
 * `constructor.prototype.x` would write into every object of the process. No SCIM attribute has
 * such a name (quoted filter values inside brackets are data, not segments, and are skipped).
 */
function refusePrototypePath(path: string): void {
  const segments = path.replace(/"(?:[^"\\]|\\.)*"/g, '""').split(/[^A-Za-z0-9_$]+/);
  const reserved = segments.find(isPrototypeKey);
  if (reserved !== undefined) throw badRequest('invalidPath', `'${path}': '${reserved}' is not a SCIM attribute`);
}

// scim-patch's resource type requires `meta`; it is stripped again before anything is stored.
const PLACEHOLDER_META = { created: new Date(0), lastModified: new Date(0) };

function rootAttribute(path: string): string {
  return (path.replace(CORE_URN, '').split(/[.[]/)[0] ?? '').trim().toLowerCase();
}

/**
 * Okta's group rename sends `{"op":"replace","value":{"id":"<same id>","displayName":"…"}}`:
 * restating a read-only attribute with its current value is not a change and is allowed.
 */
function isUnchangedReadOnly(
  resource: PatchableResource,
  path: string,
  value: unknown,
  readOnly: readonly string[],
): boolean {
  const root = rootAttribute(path);
  if (!readOnly.includes(root)) return false;
  if (root === 'id' && value === resource.id) return true;
  if (root === 'schemas' && Array.isArray(value) && value.every((s) => resource.schemas.includes(String(s))))
    return true;
  // RFC 7644 §3.5.2: changing a read-only attribute is a 400 `mutability` error.
  throw badRequest('mutability', `'${path}' is read-only`);
}
