import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// vitest.config.ts runs every test/unit/**/*.test.ts as a unit test. Each of them is named for the
// one source it tests, at the same path, so a unit's tests are found beside each other and a file
// cannot grow into a test of two units. This test keeps that true: it mirrors vitest.config.ts
// because the suite it checks is the one that file selects.

const UNIT = 'test/unit';

/**
 * The sources `test/unit/<path>.test.ts` (or `.property.test.ts`) may be named for. Renderer
 * sources live under `renderer/src/`, their tests under `test/unit/renderer/`. Sources are
 * TypeScript, but for electron-builder.yml: packaging cannot run here, so its test reads the file.
 */
function mirroredSources(testFile: string): string[] {
  const unit = testFile.replace(/(\.property)?\.test\.ts$/, '');
  const stem = unit.startsWith('renderer/') ? `renderer/src/${unit.slice('renderer/'.length)}` : unit;
  return ['.ts', '.tsx', '.yml'].map((extension) => `${stem}${extension}`);
}

describe('the unit test files', () => {
  const testFiles = readdirSync(UNIT, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.test.ts'),
  );

  it('each mirror the path of the source they test', () => {
    const unmirrored = testFiles.filter((file) => !mirroredSources(file).some((source) => existsSync(source)));
    expect(unmirrored.map((file) => join(UNIT, file))).toEqual([]);
  });

  it('reads the rule as contributing.md states it', () => {
    expect(mirroredSources('domain/okta-plan.test.ts')).toContain('domain/okta-plan.ts');
    expect(mirroredSources('renderer/replica/who-am-i.test.ts')).toContain('renderer/src/replica/who-am-i.ts');
    expect(mirroredSources('domain/access.property.test.ts')).toContain('domain/access.ts');
    expect(mirroredSources('electron-builder.test.ts')).toContain('electron-builder.yml');
    // The listing is of the unit suite, so an empty or wrong folder cannot pass the check above.
    expect(testFiles).toContain('vitest.config.test.ts');
  });
});
