import { describe, expect, it } from 'vitest';
import { dashboardPage } from '../../../../okta-sim/dashboard/my-apps';
import type { SimApp } from '../../../../okta-sim/state/records';

describe('dashboardPage', () => {
  it('escapes app labels and ids', () => {
    const app = { id: '0oa"><x', name: 'bookmark', label: '<img src=x onerror=alert(1)>', seq: 3 } as SimApp;
    const html = dashboardPage('<b>Eve</b>', [app]);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>Eve');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('data-app-id="0oa&quot;&gt;&lt;x"');
  });
});
