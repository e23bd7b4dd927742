const REDACTED = '[REDACTED]';

const SECRET_HEADER_NAMES: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'x-goog-api-key',
  'x-amz-security-token',
  'cookie',
  'set-cookie',
]);

const SECRET_QUERY_NAMES: ReadonlySet<string> = new Set([
  'key',
  'api-key',
  'api_key',
  'apikey',
  'token',
  'access_token',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
]);

const TEXT_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Authorization schemes followed by a credential.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  // Well-known key shapes: OpenAI-style, Google OAuth access tokens and API keys, AWS access key ids.
  [/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\bya29\.[A-Za-z0-9._-]+/g, REDACTED],
  [/\bAIza[A-Za-z0-9_-]{20,}/g, REDACTED],
  [/\b(AKIA|ASIA)[A-Z0-9]{12,}/g, REDACTED],
  // key=value pairs in URLs, headers dumped as text, or JSON.
  [
    /(["']?(?:api[-_]?key|access[-_]?token|secret[-_]?access[-_]?key|session[-_]?token|x-amz-security-token|x-amz-signature|password|authorization)["']?\s*[:=]\s*["']?)([^"'&\s,}]+)/gi,
    `$1${REDACTED}`,
  ],
  [/([?&](?:key|sig|token|signature)=)[^&\s"']+/gi, `$1${REDACTED}`],
];

/** Removes credentials from free text (error messages, upstream bodies). */
export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/**
 * A redactor for the secrets one provider instance knows (its API key, say), for upstream replies that echo them
 * ("Incorrect API key provided: …"). Built once at boot; values shorter than 6 characters are ignored.
 */
export function createSecretRedactor(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  const known = [
    ...new Set(secrets.filter((secret): secret is string => secret !== undefined && secret.length >= 6)),
  ];
  if (known.length === 0) return redactText;
  known.sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const secret of known) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    return redactText(result);
  };
}

/** Removes user info and secret query parameters from a URL. Unparseable input falls back to `redactText`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url);
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_NAMES.has(name.toLowerCase())) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString();
}

/** A copy of `headers` with every credential-carrying header replaced. */
export function redactHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string | string[] | undefined> {
  const result: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name] = SECRET_HEADER_NAMES.has(name.toLowerCase()) && value !== undefined ? REDACTED : value;
  }
  return result;
}

/** Header names that carry credentials, for logger redaction paths. */
export const SECRET_HEADERS: readonly string[] = [...SECRET_HEADER_NAMES];
