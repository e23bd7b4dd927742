import { randomBytes, randomUUID } from 'node:crypto';

/** The resource Azure OpenAI tokens are issued for (the `aud` claim). */
export const COGNITIVE_SERVICES_RESOURCE = 'https://cognitiveservices.azure.com';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * A JWT-shaped Entra access token for a client (claims `aud`, `iss`, `iat`, `nbf`, `exp`, `appid`, `tid`, `oid`,
 * `sub`, `ver`). The signature is random bytes: the emulator accepts the tokens it issued by looking them up, so
 * nothing needs to verify it.
 */
export function createEntraAccessToken(tenantId: string, clientId: string, expiresInSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const principal = randomUUID();
  const header = { typ: 'JWT', alg: 'RS256', kid: 'modelmux-emulator' };
  const claims = {
    aud: COGNITIVE_SERVICES_RESOURCE,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + expiresInSeconds,
    appid: clientId,
    tid: tenantId,
    oid: principal,
    sub: principal,
    ver: '1.0',
  };
  return `${base64url(header)}.${base64url(claims)}.${randomBytes(32).toString('base64url')}`;
}
