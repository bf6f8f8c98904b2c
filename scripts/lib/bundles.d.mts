export type BundleName = 'content' | 'linkDialog' | 'pageReport' | 'popup' | 'options' | 'background';
export const BUDGETS: Record<BundleName, number>;
export function withImports(dir: string, entries: string[]): string[];
export function bundleFiles(dir: string): Record<BundleName, string[]>;
export function bundleSizes(dir: string): Record<BundleName, { bytes: number; files: string[] }>;
