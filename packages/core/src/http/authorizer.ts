/** The request an Authorizer sees: `body` is the exact string that will be sent. */
export interface AuthorizerRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string;
}

/**
 * Adds credentials to a request. It returns the headers to add (a bearer token, an `api-key`, or a signature over
 * the exact body bytes). May fetch and cache tokens; a failed fetch throws `CredentialsError`.
 */
export type Authorizer = (request: AuthorizerRequest) => Promise<Record<string, string>>;
