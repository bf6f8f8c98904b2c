/**
 * Inkthreadable's request signature: lowercase hex SHA-1 of utf8(payload + secretKey).
 * POST: payload = the exact body string sent. GET/DELETE: payload = the query string exactly as
 * sent, without the Signature pair.
 */
export async function sign(payload: string, secretKey: string): Promise<string> {
  const bytes = new TextEncoder().encode(payload + secretKey);
  const digest = await crypto.subtle.digest('SHA-1', bytes);
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}
