import type { BrowserContext } from 'playwright-core';
export const ROOT: string;
export const EXTENSION_DIR: string;
export function findChromium(): string;
export function baseArgs(withExtension?: boolean): string[];
export function launchBrowser(
  sb: { hostResolverRules: string },
  opts?: { extension?: boolean; headless?: boolean; profile?: string },
): Promise<{ context: BrowserContext; extensionId: string | null; profile: string; close(): Promise<void> }>;
