export function control<T = unknown>(sb: { httpUrl: string }, method: string, path: string, body?: unknown): Promise<T>;
