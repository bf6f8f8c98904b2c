// Types for server.mjs (plain ESM JavaScript), for TypeScript tests and scripts.
import type { SandboxState, Seed } from './model.mjs';

export interface SandboxOptions {
  httpsPort?: number;
  httpPort?: number;
  host?: string;
  seed?: Seed;
  /** the sandbox clock's start (ISO, ms or Date); default: real now. The clock then runs. */
  now?: string | number | Date;
  quiet?: boolean;
}

export interface Sandbox {
  httpsPort: number;
  httpPort: number;
  host: string;
  /** http://127.0.0.1:port */
  httpUrl: string;
  /** https://127.0.0.1:port */
  httpsUrl: string;
  /** "MAP my.bigcartel.com 127.0.0.1:port, MAP ..." */
  hostResolverRules: string;
  state: SandboxState;
  close(): Promise<void>;
}

export function startSandbox(opts?: SandboxOptions): Promise<Sandbox>;
export function chromiumArgs(sb: { hostResolverRules: string }, opts?: { hermetic?: boolean }): string[];

export const SANDBOX_CREDENTIALS: {
  readonly bigcartel: {
    readonly accountId: string;
    readonly subdomain: string;
    readonly password: string;
    readonly token: string;
  };
  readonly inkthreadable: { readonly appId: string; readonly secretKey: string };
};
export const SANDBOX_HOSTS: readonly string[];
export const FAULT_KINDS: readonly string[];
export const CHAOS_KINDS: { readonly ink: readonly string[]; readonly bc: readonly string[] };
