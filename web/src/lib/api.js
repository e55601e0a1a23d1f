// The staff's REST API (docs/api.md): JSON both ways, the session cookie
// sent by the browser, and the CSRF token on every state-changing call.

let csrfToken = '';

export class ApiError extends Error {
  constructor(status, code, message, retryAfterSeconds = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds; // from Retry-After (429), or null
  }
}

export function setCsrfToken(token) {
  csrfToken = token ?? '';
}

/** api('GET', '/api/me') or api('POST', '/api/assessments', {...}). */
export async function api(method, path, body, { raw = false, contentType } = {}) {
  const headers = {};
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  let payload;
  if (body !== undefined) {
    if (contentType) {
      headers['Content-Type'] = contentType;
      payload = body;
    } else {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'offline', 'the service could not be reached; check the connection');
  }
  if (raw && response.ok) return response;
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data?.error ?? {};
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new ApiError(response.status, error.code ?? 'http_' + response.status,
      error.message ?? `the service answered ${response.status}`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
  return data;
}
