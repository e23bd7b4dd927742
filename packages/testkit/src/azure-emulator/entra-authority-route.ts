/** The Entra ID (Microsoft identity platform) endpoints the emulator's fake authority serves. */
export type EntraAuthorityRoute =
  | { kind: 'openid-configuration'; tenant: string }
  | { kind: 'token'; tenant: string }
  | { kind: 'keys'; tenant: string }
  | { kind: 'instance-discovery' };

const OPENID_CONFIGURATION = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const KEYS = /^\/([^/]+)\/discovery\/v2\.0\/keys$/;

/** The authority route of a method and path (without the query), or undefined when it is none of them. */
export function parseEntraAuthorityRoute(
  method: string | undefined,
  pathname: string,
): EntraAuthorityRoute | undefined {
  if (method === 'POST') {
    const tenant = TOKEN.exec(pathname)?.[1];
    return tenant === undefined ? undefined : { kind: 'token', tenant };
  }
  if (method !== 'GET') return undefined;
  if (pathname === '/common/discovery/instance') return { kind: 'instance-discovery' };
  let tenant = OPENID_CONFIGURATION.exec(pathname)?.[1];
  if (tenant !== undefined) return { kind: 'openid-configuration', tenant };
  tenant = KEYS.exec(pathname)?.[1];
  return tenant === undefined ? undefined : { kind: 'keys', tenant };
}
