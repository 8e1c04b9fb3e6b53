import { describe, expect, it } from 'vitest';
import { createMetrics, scimOperation } from '../../../../sync-server/ops/metrics';

describe('metrics', () => {
  it('labels SCIM calls by resource type and operation from the route pattern', () => {
    expect(scimOperation('GET', '/scim/v2/Users')).toEqual({ resource: 'Users', operation: 'list' });
    expect(scimOperation('GET', '/scim/v2/Users/:id')).toEqual({ resource: 'Users', operation: 'get' });
    expect(scimOperation('POST', '/scim/v2/Groups')).toEqual({ resource: 'Groups', operation: 'create' });
    expect(scimOperation('PUT', '/scim/v2/Users/:id')).toEqual({ resource: 'Users', operation: 'replace' });
    expect(scimOperation('PATCH', '/scim/v2/Groups/:id')).toEqual({ resource: 'Groups', operation: 'patch' });
    expect(scimOperation('DELETE', '/scim/v2/Users/:id')).toEqual({ resource: 'Users', operation: 'delete' });
  });

  it('counts Okta attempts, 429s and retries by bucket', async () => {
    const m = createMetrics();
    m.oktaAttempt({ bucket: 'apps*', status: 429, retrying: true });
    m.oktaAttempt({ bucket: 'apps*', status: 200, retrying: false });
    m.oktaAttempt({ bucket: 'apps/{id}', status: 'network-error', retrying: true });
    const text = await m.text();
    expect(text).toContain('latchkey_okta_calls_total{bucket="apps*",status="429"} 1');
    expect(text).toContain('latchkey_okta_calls_total{bucket="apps*",status="200"} 1');
    expect(text).toContain('latchkey_okta_calls_total{bucket="apps/{id}",status="network-error"} 1');
    expect(text).toContain('latchkey_okta_rate_limited_total{bucket="apps*"} 1');
    expect(text).toContain('latchkey_okta_retries_total{bucket="apps*"} 1');
    expect(text).toContain('latchkey_okta_retries_total{bucket="apps/{id}"} 1');
  });
});
