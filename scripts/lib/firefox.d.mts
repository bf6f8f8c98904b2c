import type { Browser } from 'puppeteer-core';
export const ROOT: string;
export const FIREFOX_EXTENSION_DIR: string;
export const FIREFOX_EXTENSION_UUID: string;
export function findFirefox(): string;
export function geckoId(dir?: string): string;
export function startProxy(
  sb: { httpsPort: number; host?: string },
  opts?: { hosts?: readonly string[] },
): Promise<{ port: number; refused: string[]; close(): Promise<void> }>;
export function firefoxPrefs(proxyPort: number, dir?: string): Record<string, string | number | boolean>;
export function launchFirefox(
  sb: { httpsPort: number; host?: string },
  opts?: { headless?: boolean; profile?: string; extension?: boolean },
): Promise<{
  browser: Browser;
  extensionId: string | null;
  extensionOrigin: string;
  profile: string;
  proxy: { port: number; refused: string[]; close(): Promise<void> };
  close(): Promise<void>;
}>;
