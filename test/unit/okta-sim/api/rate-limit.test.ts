import { describe, expect, it } from 'vitest';
import { bucketFor, takeFromWindow } from '../../../../okta-sim/api/rate-limit';

describe('bucketFor', () => {
  it('routes requests to the bucket Okta documents for them', () => {
    expect(bucketFor('GET', '/api/v1/apps')).toBe('api/v1/apps');
    expect(bucketFor('POST', '/api/v1/apps')).toBe('api/v1/apps');
    expect(bucketFor('PUT', '/api/v1/apps/0oa1')).toBe('api/v1/apps/{id}');
    expect(bucketFor('POST', '/api/v1/apps/0oa1/users')).toBe('api/v1/apps');
    expect(bucketFor('PUT', '/api/v1/groups/00g1/users/00u1')).toBe('api/v1/groups');
    expect(bucketFor('GET', '/api/v1/groups/00g1')).toBe('api/v1/groups/{id}');
    expect(bucketFor('GET', '/api/v1/users/00u1')).toBe('api/v1/users/{id}');
    expect(bucketFor('POST', '/api/v1/users/00u1')).toBe('api/v1/users*');
    expect(bucketFor('POST', '/api/v1/users/00u1/lifecycle/deactivate')).toBe('api/v1/users*');
    expect(bucketFor('GET', '/api/v1/logs')).toBe('api/v1/*');
  });
});

describe('takeFromWindow', () => {
  it('counts down within a minute, refuses when empty, and resets after it', () => {
    const t0 = 1_900_000_000_500;
    let d = takeFromWindow(undefined, 2, t0);
    expect(d).toMatchObject({ allowed: true, remaining: 1, resetEpochSeconds: Math.ceil((t0 + 60_000) / 1000) });
    d = takeFromWindow(d.window, 2, t0 + 1000);
    expect(d).toMatchObject({ allowed: true, remaining: 0 });
    d = takeFromWindow(d.window, 2, t0 + 59_999);
    expect(d).toMatchObject({ allowed: false, remaining: 0 });
    d = takeFromWindow(d.window, 2, t0 + 60_000);
    expect(d).toMatchObject({ allowed: true, remaining: 1, resetEpochSeconds: Math.ceil((t0 + 120_000) / 1000) });
  });
});
