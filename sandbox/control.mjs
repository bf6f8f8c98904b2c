// A client for the sandbox's control API (/__sandbox/...), shared by the e2e harness, the
// benchmark and the reliability report.

/**
 * Call the control API; the JSON answer (null when empty). Throws with the status and body on an error.
 * @template T
 * @param {{ httpUrl: string }} sb the running sandbox
 * @param {string} method
 * @param {string} path e.g. `/requests?service=ink`
 * @param {unknown} [body]
 * @returns {Promise<T>}
 */
export async function control(sb, method, path, body) {
  const res = await fetch(`${sb.httpUrl}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${text}`);
  return /** @type {T} */ (text ? JSON.parse(text) : null);
}
