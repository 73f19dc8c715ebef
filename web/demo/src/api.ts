/** One answer of the API as the page shows it: status, body, headers and how long it took. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  ms: number;
}

/** Calls the API of this origin with a bearer token (or none), JSON in and out. */
export async function call<T = unknown>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const ms = Math.round(performance.now() - started);
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: shown as text
  }
  return { status: response.status, body: parsed as T, headers: response.headers, ms };
}

/** POST /auth/token: the access token, or an error naming the status. */
export async function logIn(email: string, password: string): Promise<string> {
  const answer = await call<{ accessToken: string }>('POST', '/auth/token', null, {
    email,
    password,
  });
  if (answer.status !== 200) throw new Error(`login as ${email}: ${answer.status}`);
  return answer.body.accessToken;
}
