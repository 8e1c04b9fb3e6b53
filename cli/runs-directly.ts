/**
 * Whether the module at `moduleUrl` is the program node was started with, for tools that also
 * run alone (`npx tsx sync-server/users/roles-cli.ts …`). Inside the built server
 * (scripts/build-server.ts) every module shares the entry's URL, so the build's banner flag says
 * none of them is the entry but cli.js's own top level.
 */
export function runsDirectly(moduleUrl: string): boolean {
  if ((globalThis as { LATCHKEY_BUNDLED?: boolean }).LATCHKEY_BUNDLED === true) return false;
  return moduleUrl === `file://${process.argv[1]}`;
}
