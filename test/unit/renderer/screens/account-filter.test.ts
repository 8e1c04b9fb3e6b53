import { describe, expect, it } from 'vitest';
import { makeAccount } from '../../../../dev/stack/workspace-factory';
import type { ItemRole } from '../../../../domain/records';
import {
  filterAccounts,
  labelsIn,
  NO_FILTER,
  parseLabels,
  rotationCount,
} from '../../../../renderer/src/screens/account-filter';

const accounts = [
  makeAccount({
    id: 'a1',
    name: 'Brand Instagram',
    appName: 'Instagram',
    labels: ['social', 'brand'],
    collectionId: 'c1',
  }),
  makeAccount({ id: 'a2', name: 'Café Portal', appName: 'Vendor', username: 'ops@acme.test', labels: ['ops'] }),
  makeAccount({ id: 'a3', name: 'Support desk', appName: 'Zendesk', labels: [] }),
];
const roles: Record<string, ItemRole | null> = { a1: 'owner', a2: 'collaborator', a3: null };
const roleOf = (id: string) => roles[id] ?? null;
const ids = (list: { id: string }[]) => list.map((a) => a.id);

describe('filterAccounts', () => {
  it('matches every search word in name, app, username or labels, ignoring case and accents', () => {
    expect(ids(filterAccounts(accounts, { ...NO_FILTER, search: 'cafe' }, roleOf))).toEqual(['a2']);
    expect(ids(filterAccounts(accounts, { ...NO_FILTER, search: 'OPS@acme' }, roleOf))).toEqual(['a2']);
    expect(ids(filterAccounts(accounts, { ...NO_FILTER, search: 'brand social' }, roleOf))).toEqual(['a1']);
    expect(ids(filterAccounts(accounts, { ...NO_FILTER, search: 'instagram zendesk' }, roleOf))).toEqual([]);
  });

  it('filters by label, collection and the viewer’s role, including no role (All-Access Mode)', () => {
    expect(ids(filterAccounts(accounts, { ...NO_FILTER, label: 'ops' }, roleOf))).toEqual(['a2']);
    expect(ids(filterAccounts(accounts, { ...NO_FILTER, collectionId: 'c1' }, roleOf))).toEqual(['a1']);
    expect(ids(filterAccounts(accounts, { ...NO_FILTER, role: 'collaborator' }, roleOf))).toEqual(['a2']);
    expect(ids(filterAccounts(accounts, { ...NO_FILTER, role: 'none' }, roleOf))).toEqual(['a3']);
    expect(ids(filterAccounts(accounts, NO_FILTER, roleOf))).toEqual(['a1', 'a2', 'a3']);
  });
});

describe('needs rotation', () => {
  const waiting = [
    ...accounts,
    makeAccount({ id: 'a4', name: 'Ads manager', labels: ['social'], rotationRequired: true }),
    makeAccount({ id: 'a5', name: 'Brand TikTok', labels: ['brand'], rotationRequired: true }),
  ];

  it('keeps only accounts waiting for a new password, with the other filters', () => {
    expect(ids(filterAccounts(waiting, { ...NO_FILTER, needsRotation: true }, roleOf))).toEqual(['a4', 'a5']);
    expect(ids(filterAccounts(waiting, { ...NO_FILTER, needsRotation: true, label: 'brand' }, roleOf))).toEqual(['a5']);
    expect(ids(filterAccounts(waiting, NO_FILTER, roleOf))).toHaveLength(5);
  });

  it('counts them for the filter button', () => {
    expect(rotationCount(waiting)).toBe(2);
    expect(rotationCount(accounts)).toBe(0);
  });
});

describe('labels', () => {
  it('lists every label in use once, sorted', () => {
    expect(labelsIn(accounts)).toEqual(['brand', 'ops', 'social']);
  });
  it('parses a comma-separated field into trimmed, unique, non-empty labels', () => {
    expect(parseLabels(' social, video ,, social,')).toEqual(['social', 'video']);
  });
});
