/**
 * The OS's own check that the person at the machine is the user, where Electron offers one:
 * Touch ID on macOS (`systemPreferences.canPromptTouchID()` / `promptTouchID(reason)`). Unlock
 * tries it first and falls back to Okta re-authentication when it is missing, refused or fails.
 * Kept behind this interface so the unlock rule is tested without Electron; the Touch ID path
 * itself runs only on a Mac with Electron, which this project's machines are not.
 */

export interface OsUserCheck {
  /** True when the OS can ask the user now (a Touch ID sensor with an enrolled finger). */
  available(): boolean;
  /** Resolves true only when the OS confirmed the user; a cancel or failure resolves false. */
  confirm(reason: string): Promise<boolean>;
}

/** The part of Electron's `systemPreferences` used here (present on macOS only). */
export interface TouchIdPreferences {
  canPromptTouchID?: () => boolean;
  promptTouchID?: (reason: string) => Promise<void>;
}

export function touchIdUserCheck(preferences: TouchIdPreferences, platform: string): OsUserCheck | undefined {
  const { canPromptTouchID, promptTouchID } = preferences;
  if (platform !== 'darwin' || !canPromptTouchID || !promptTouchID) return undefined;
  return {
    available: () => canPromptTouchID.call(preferences),
    confirm: async (reason) => {
      try {
        await promptTouchID.call(preferences, reason);
        return true;
      } catch {
        return false;
      }
    },
  };
}
