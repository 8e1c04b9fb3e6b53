import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import type { Configuration, Protocol } from 'electron-builder';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deepLinkScheme } from '../../main/security/deep-link';

// electron-builder.yml cannot be exercised here (packaging needs Electron's binary and the
// installers' tools from the internet), so it is checked the way electron-builder checks it:
// against the JSON schema electron-builder validates every configuration with, plus what the
// schema cannot know: the files exist where `npm run build` puts them and the icon is usable.

const root = path.resolve('.');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
};

function builderSchema(): object {
  // The schema ships in app-builder-lib, electron-builder's own dependency: resolve it from there.
  const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
  return JSON.parse(readFileSync(fromBuilder.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
}

function asList<T>(value: T | T[] | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

describe('packaging configuration (electron-builder.yml)', () => {
  it("passes electron-builder's own schema", () => {
    // strict: false because the schema uses keywords of its own generator (e.g. "tsType").
    const validate = new Ajv({ strict: false, allErrors: true }).compile(builderSchema());
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // Compiling electron-builder's schema (thousands of definitions) takes a second or two alone,
    // far longer on a shared, loaded machine: the unit default of 5 s is too tight for it.
  }, 60_000);

  it('names the app and gives it a reverse-DNS id', () => {
    expect(config.appId).toBe('dev.latchkey.desktop');
    expect(config.productName).toBe('Latchkey');
  });

  it('registers latchkey://, the scheme Okta chiclets open, for every platform', () => {
    const schemes = asList<Protocol>(config.protocols).flatMap((p) => asList(p.schemes));
    expect(schemes).toEqual([deepLinkScheme]);
  });

  it('packages what electron-vite builds, and package.json starts it', () => {
    const files = asList(config.files as string | string[]);
    expect(files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']));
    expect(packageJson.main).toBe('out/main/index.js');
    // The server programs `npm run build` also writes to out/ stay out of the desktop app.
    expect(files.some((f) => f.startsWith('out/server') || f === 'out/**')).toBe(false);
    expect(packageJson.scripts.dist).toMatch(/electron-vite build.*electron-builder/);
  });

  it('has an icon electron-builder can turn into every platform format (PNG, at least 512×512)', () => {
    const icon = path.join(root, String(config.icon));
    expect(existsSync(icon)).toBe(true);
    const png = PNG.sync.read(readFileSync(icon));
    expect(png.width).toBeGreaterThanOrEqual(512);
    expect(png.height).toBe(png.width);
  });

  it('publishes nowhere until an update feed is chosen', () => {
    expect(config.publish).toBeNull();
  });
});
