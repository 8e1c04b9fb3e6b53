/**
 * The few web-standard globals domain/ uses, which Node 20 and Chromium both provide. domain/'s
 * TypeScript project has neither DOM nor Node types (domain/tsconfig.json), so any other host
 * global (`process`, `window`, `Buffer`…) fails to compile; these are declared here instead,
 * with only the members domain/ needs.
 */

declare class URL {
  static canParse(url: string, base?: string): boolean;
  constructor(url: string, base?: string | URL);
  readonly origin: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly host: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly username: string;
  readonly password: string;
  readonly href: string;
  toString(): string;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

declare function setTimeout(run: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
