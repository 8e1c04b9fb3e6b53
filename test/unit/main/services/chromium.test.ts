import { describe, expect, it } from 'vitest';
import { automatedChromiumArgs, chromiumSandboxAllowed } from '../../../../main/services/chromium';

describe('Chromium for login windows keeps its sandbox unless the process is root', () => {
  it('turns the sandbox off only for uid 0', () => {
    expect(chromiumSandboxAllowed(0)).toBe(false);
    expect(chromiumSandboxAllowed(1000)).toBe(true);
    // Windows has no uid; Chromium sandboxes itself there.
    expect(chromiumSandboxAllowed(undefined)).toBe(true);
    expect(automatedChromiumArgs(0)).toContain('--no-sandbox');
    expect(automatedChromiumArgs(1000)).not.toContain('--no-sandbox');
  });
});
