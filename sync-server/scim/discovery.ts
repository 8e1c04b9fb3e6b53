/**
 * Discovery endpoints (RFC 7644 §4) for identity providers other than Okta: what this service
 * provider supports, which resource types it serves, and their schemas. The schema documents
 * are SCIMMY's definitions of RFC 7643 §4.1/§4.2, so they match the RFC attribute for attribute.
 */
import SCIMMY from 'scimmy';
import { SCIM_GROUP_SCHEMA, SCIM_LIST_SCHEMA, SCIM_USER_SCHEMA } from '../../domain/scim-schemas';
import { MAX_PAGE_SIZE } from './list';

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

/** RFC 7643 §5, describing what this server really does (no bulk, no sort, no password changes). */
export function serviceProviderConfig(baseUrl: string, maxBodyBytes: number) {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'The workspace SCIM token, created by a workspace owner (RFC 6750 Authorization header).',
        specUri: 'https://datatracker.ietf.org/doc/html/rfc6750',
        primary: true,
      },
    ],
    maxPayloadSize: maxBodyBytes,
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    resourceType(baseUrl, 'User', '/Users', 'User Account', SCIM_USER_SCHEMA),
    resourceType(baseUrl, 'Group', '/Groups', 'Group (a Latchkey team)', SCIM_GROUP_SCHEMA),
  ];
}

function resourceType(baseUrl: string, id: string, endpoint: string, description: string, schema: string) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id,
    name: id,
    endpoint,
    description,
    schema,
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${id}` },
  };
}

export function schemas(baseUrl: string) {
  return [
    SCIMMY.Schemas.User.definition.describe(`${baseUrl}/Schemas`),
    SCIMMY.Schemas.Group.definition.describe(`${baseUrl}/Schemas`),
  ];
}

export function listOf<T>(resources: T[]) {
  return {
    schemas: [SCIM_LIST_SCHEMA],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
