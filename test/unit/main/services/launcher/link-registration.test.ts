/** The desktop entry that makes latchkey:// links reach the browser host (Desktop Entry spec). */
import { describe, expect, it } from 'vitest';
import { desktopEntry, execArgument } from '../../../../../main/services/launcher/link-registration';

describe('desktop entry for latchkey:// links', () => {
  it('runs open-link-cli.ts with the host data folder for the link, as the latchkey scheme handler', () => {
    const entry = desktopEntry({ repoDir: '/home/ada/latchkey', dataDir: '/home/ada/latchkey/.latchkey/desktop' });
    expect(entry.split('\n')).toEqual(
      expect.arrayContaining([
        '[Desktop Entry]',
        'Type=Application',
        'Exec=/home/ada/latchkey/node_modules/.bin/tsx /home/ada/latchkey/main/services/launcher/open-link-cli.ts --data /home/ada/latchkey/.latchkey/desktop %u',
        'MimeType=x-scheme-handler/latchkey;',
        'NoDisplay=true',
      ]),
    );
  });

  it('quotes arguments with spaces and reserved characters the way the spec reads them back', () => {
    expect(execArgument('/home/ada/My Projects/latchkey')).toBe('"/home/ada/My Projects/latchkey"');
    // `$` and `"` are escaped inside quotes, then every backslash is escaped again (string value).
    expect(execArgument('/tmp/a$b"c')).toBe('"/tmp/a\\\\$b\\\\"c"');
    expect(execArgument('/tmp/back\\slash')).toBe('"/tmp/back\\\\\\\\slash"');
    // `%` would otherwise be read as a field code such as %u.
    expect(execArgument('/tmp/100%u')).toBe('"/tmp/100%%u"');
  });

  it('refuses a path with a line break rather than writing a broken entry', () => {
    expect(() => execArgument('/tmp/evil\nExec=rm -rf ~')).toThrow(/line break/);
  });
});
