/**
 * The desktop app's settings: where its sync server and Okta are, and two device timeouts. One
 * schema for every way in — the settings file in the user-data folder, the environment variables
 * that override it for development, and the Settings screen — so each field has one rule and one
 * message. Main applies them (main/services/settings/); the renderer only shows and sends drafts.
 */
import { z } from 'zod';
import { CLIPBOARD_CLEAR_SECONDS } from './clipboard-guard';
import { DESKTOP_CLIENT_ID } from './desktop-client';
import { secureUrl } from './secure-url';
import { text } from './text';

/** Minutes without activity before the app locks: 0 never; fractions are for tests (0.05 = 3 s). */
export const LOCK_AFTER_MINUTES = { default: 10, min: 0, max: 24 * 60 } as const;

export const LockAfterMinutes = z
  .number({ error: `Enter a number of minutes from ${LOCK_AFTER_MINUTES.min} to ${LOCK_AFTER_MINUTES.max}.` })
  .min(LOCK_AFTER_MINUTES.min, { error: 'The lock timeout cannot be negative (0 never locks).' })
  .max(LOCK_AFTER_MINUTES.max, { error: `The lock timeout is at most ${LOCK_AFTER_MINUTES.max} minutes (a day).` });

export const ClipboardClearSeconds = z
  .number({
    error: `Enter a whole number of seconds from ${CLIPBOARD_CLEAR_SECONDS.min} to ${CLIPBOARD_CLEAR_SECONDS.max}.`,
  })
  .int({ error: 'The clipboard timeout is a whole number of seconds.' })
  .min(CLIPBOARD_CLEAR_SECONDS.min, {
    error: `The clipboard timeout is at least ${CLIPBOARD_CLEAR_SECONDS.min} second.`,
  })
  .max(CLIPBOARD_CLEAR_SECONDS.max, {
    error: `The clipboard timeout is at most ${CLIPBOARD_CLEAR_SECONDS.max} seconds (an hour).`,
  });

/** The native (public) OIDC client registered at Okta: no secret, PKCE (RFC 8252 §8.4). */
export const OidcClientId = text(200)
  .min(1, { error: 'Enter the OIDC client id (Latchkey registers latchkey-desktop).' })
  .regex(/^\S+$/, { error: 'The client id has no spaces.' });

export const SettingsUrl = (what: string) => secureUrl(what).max(2000, { error: `${what} is too long.` });

/** The settings themselves; a URL that is null is not set yet (the app is not configured). */
export const DesktopSettings = z.object({
  syncServerUrl: SettingsUrl('The sync server URL').nullable(),
  issuer: SettingsUrl('The Okta issuer').nullable(),
  clientId: OidcClientId,
  lockAfterMinutes: LockAfterMinutes,
  clipboardClearSeconds: ClipboardClearSeconds,
});
export type DesktopSettings = z.infer<typeof DesktopSettings>;
export type SettingsField = keyof DesktopSettings;

export const SETTINGS_FIELDS = [
  'syncServerUrl',
  'issuer',
  'clientId',
  'lockAfterMinutes',
  'clipboardClearSeconds',
] as const satisfies readonly SettingsField[];

/** The fields that say which server and which Okta a session belongs to. */
export const CONNECTION_FIELDS = ['syncServerUrl', 'issuer', 'clientId'] as const satisfies readonly SettingsField[];

export const DEFAULT_SETTINGS: DesktopSettings = {
  syncServerUrl: null,
  issuer: null,
  clientId: DESKTOP_CLIENT_ID,
  lockAfterMinutes: LOCK_AFTER_MINUTES.default,
  clipboardClearSeconds: CLIPBOARD_CLEAR_SECONDS.default,
};

/** Sign-in needs both addresses; the client id always has its default. */
export function isConfigured(settings: DesktopSettings): boolean {
  return settings.syncServerUrl !== null && settings.issuer !== null;
}

export function connectionChanged(a: DesktopSettings, b: DesktopSettings): boolean {
  return CONNECTION_FIELDS.some((field) => a[field] !== b[field]);
}

/**
 * Text as typed in the Settings screen (or read from an environment variable), one field at a
 * time: URLs trimmed, an empty URL meaning "not set"; numbers written in decimal.
 */
const FROM_TEXT: { [F in SettingsField]: z.ZodType<DesktopSettings[F], string> } = {
  syncServerUrl: emptyIsNull(DesktopSettings.shape.syncServerUrl.unwrap()),
  issuer: emptyIsNull(DesktopSettings.shape.issuer.unwrap()),
  clientId: z.string().trim().pipe(OidcClientId),
  lockAfterMinutes: decimal().pipe(LockAfterMinutes),
  clipboardClearSeconds: decimal().pipe(ClipboardClearSeconds),
};

function emptyIsNull(url: z.ZodType<string, string>): z.ZodType<string | null, string> {
  return z
    .string()
    .trim()
    .transform((raw) => (raw === '' ? null : raw))
    .pipe(url.nullable());
}

function decimal(): z.ZodType<number, string> {
  // Number('') is 0 and Number('0x10') is 16: only plain decimals count as a number typed.
  return z
    .string()
    .trim()
    .transform((raw) => (/^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN));
}

export type FieldErrors = Partial<Record<SettingsField, string>>;

export type FieldParse<F extends SettingsField> =
  | { readonly ok: true; readonly value: DesktopSettings[F] }
  | { readonly ok: false; readonly message: string };

/** One field from text: its value, or the message the screen shows beside it. */
export function parseSettingText<F extends SettingsField>(field: F, raw: string): FieldParse<F> {
  const parsed = (FROM_TEXT[field] as z.ZodType<DesktopSettings[F], string>).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, message: firstMessage(parsed.error) };
}

/** One field as stored (JSON types): the file holds numbers as numbers and an unset URL as null. */
export function parseStoredSetting<F extends SettingsField>(field: F, value: unknown): FieldParse<F> {
  const parsed = (DesktopSettings.shape[field] as unknown as z.ZodType<DesktopSettings[F]>).safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, message: firstMessage(parsed.error) };
}

function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'Not a valid value.';
}

/** What the Settings screen sends: each field as typed; a field left out keeps its value. */
export const SettingsDraft = z.object({
  syncServerUrl: text(2000).optional(),
  issuer: text(2000).optional(),
  clientId: text(200).optional(),
  lockAfterMinutes: text(40).optional(),
  clipboardClearSeconds: text(40).optional(),
});
export type SettingsDraft = z.infer<typeof SettingsDraft>;

/** Every field of a draft parsed: the values, or a message per field that is wrong. */
export function parseSettingsDraft(
  draft: SettingsDraft,
):
  | { readonly ok: true; readonly values: Partial<DesktopSettings> }
  | { readonly ok: false; readonly errors: FieldErrors } {
  const values: Partial<Record<SettingsField, unknown>> = {};
  const errors: FieldErrors = {};
  for (const field of SETTINGS_FIELDS) {
    const raw = draft[field];
    if (raw === undefined) continue;
    const parsed = parseSettingText(field, raw);
    if (parsed.ok) values[field] = parsed.value;
    else errors[field] = parsed.message;
  }
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, values: values as Partial<DesktopSettings> };
}

/** Where a field's value came from: an environment variable wins over the file, the file over the default. */
export const SettingSource = z.enum(['environment', 'file', 'default']);
export type SettingSource = z.infer<typeof SettingSource>;

const perField = <T extends z.ZodType>(schema: T) =>
  z.object({
    syncServerUrl: schema,
    issuer: schema,
    clientId: schema,
    lockAfterMinutes: schema,
    clipboardClearSeconds: schema,
  });

/**
 * What the Settings screen shows: the values in force, where each came from, which variable
 * overrides it (then it is not editable), and what was wrong with the file or a variable.
 */
export const SettingsView = z.object({
  values: DesktopSettings,
  sources: perField(SettingSource),
  /** The environment variable a field is read from, or null when the screen may change it. */
  overriddenBy: perField(z.string().nullable()),
  configured: z.boolean(),
  /** The settings file, so people know what to back up or remove. */
  file: z.string(),
  warnings: z.array(z.string()),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const SettingsSaved = z.object({
  view: SettingsView,
  /** The sync server or Okta changed while someone was signed in: they were signed out first. */
  signedOut: z.boolean(),
});

export const FieldErrorsSchema = z.object({
  syncServerUrl: z.string().optional(),
  issuer: z.string().optional(),
  clientId: z.string().optional(),
  lockAfterMinutes: z.string().optional(),
  clipboardClearSeconds: z.string().optional(),
});

export const SettingsSaveAnswer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: SettingsSaved }),
  z.object({
    ok: z.literal(false),
    code: z.string().min(1).max(64),
    reason: z.string().max(2000),
    fieldErrors: FieldErrorsSchema.optional(),
  }),
]);
export type SettingsSaveAnswer = z.infer<typeof SettingsSaveAnswer>;
