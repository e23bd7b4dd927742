/**
 * The parts of an `@azure/core-rest-pipeline` `PipelineRequest` the authority client reads. Declared here so that
 * testkit does not depend on the Azure SDK; a real `PipelineRequest` fits.
 */
export interface AuthorityPipelineRequest {
  url: string;
  method: string;
  headers: Iterable<[string, string]>;
  body?: unknown;
  /** Milliseconds; 0 or unset: none. */
  timeout?: number;
  abortSignal?: {
    readonly aborted: boolean;
    addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  };
  allowInsecureConnection?: boolean;
}

/** The HTTP headers of a pipeline response, shaped like core-rest-pipeline's `HttpHeaders`. */
export class PipelineResponseHeaders implements Iterable<[string, string]> {
  private readonly values = new Map<string, string>();

  constructor(headers: Headers) {
    for (const [name, value] of headers) this.values.set(name.toLowerCase(), value);
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  set(name: string, value: string | number | boolean): void {
    this.values.set(name.toLowerCase(), String(value));
  }

  delete(name: string): void {
    this.values.delete(name.toLowerCase());
  }

  toJSON(_options?: { preserveCase?: boolean }): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.values.entries();
  }
}

/** What `sendRequest` resolves to: a core-rest-pipeline `PipelineResponse` with the body as text. */
export interface AuthorityPipelineResponse<Request> {
  request: Request;
  status: number;
  headers: PipelineResponseHeaders;
  bodyAsText: string;
}

/**
 * An `HttpClient` for `@azure/identity` credentials (`httpClient` option) that sends the authority's requests to
 * the emulator over plain HTTP on 127.0.0.1.
 */
export interface EntraAuthorityHttpClient {
  sendRequest<Request extends AuthorityPipelineRequest>(
    request: Request,
  ): Promise<AuthorityPipelineResponse<Request>>;
}

/** Where MSAL's instance discovery lives; it is called unless the credential sets `disableInstanceDiscovery`. */
const PUBLIC_CLOUD_AUTHORITY = 'https://login.microsoftonline.com';
const INSTANCE_DISCOVERY_PATH = '/common/discovery/instance';

function requestBody(body: unknown): string | ArrayBuffer | Blob | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof ArrayBuffer || body instanceof Blob) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw new Error('The Entra authority client only sends string, binary or Blob bodies');
}

function signalFor(request: AuthorityPipelineRequest): AbortSignal | undefined {
  const signals: AbortSignal[] = [];
  if (request.timeout !== undefined && request.timeout > 0)
    signals.push(AbortSignal.timeout(request.timeout));
  const external = request.abortSignal;
  if (external !== undefined) {
    const controller = new AbortController();
    if (external.aborted) controller.abort();
    else external.addEventListener('abort', () => controller.abort(), { once: true });
    signals.push(controller.signal);
  }
  return signals.length === 0 ? undefined : AbortSignal.any(signals);
}

/**
 * Makes an `httpClient` for `@azure/identity` credentials that talk to the emulator's fake Entra authority.
 * `@azure/identity` only accepts an `https` `authorityHost`, so credentials are given the emulator's
 * `authorityOrigin` (default `https://login.emulator.test`) and this client rewrites every request to it, and to
 * MSAL's instance discovery endpoint, onto the emulator's local `http` origin (`allowInsecureConnection`), using
 * `fetch`. Any other URL is refused, so nothing leaves the machine.
 *
 * ```ts
 * const credential = new ClientSecretCredential(tenantId, clientId, clientSecret, {
 *   authorityHost: emulator.authorityOrigin,
 *   disableInstanceDiscovery: true,
 *   httpClient: createEntraAuthorityHttpClient(emulator),
 * });
 * ```
 */
export function createEntraAuthorityHttpClient(emulator: {
  readonly origin: string;
  readonly authorityOrigin: string;
}): EntraAuthorityHttpClient {
  const localUrl = (url: string): string => {
    if (url.startsWith(`${emulator.authorityOrigin}/`))
      return emulator.origin + url.slice(emulator.authorityOrigin.length);
    if (url.startsWith(PUBLIC_CLOUD_AUTHORITY + INSTANCE_DISCOVERY_PATH))
      return emulator.origin + url.slice(PUBLIC_CLOUD_AUTHORITY.length);
    if (url.startsWith(`${emulator.origin}/`)) return url;
    throw new Error(`The Entra authority client only talks to the emulator; refusing ${url}`);
  };
  return {
    async sendRequest(request) {
      const url = localUrl(request.url);
      request.allowInsecureConnection = true;
      const headers = new Headers();
      for (const [name, value] of request.headers) headers.set(name, value);
      const signal = signalFor(request);
      const response = await fetch(url, {
        method: request.method,
        headers,
        body: requestBody(request.body),
        redirect: 'manual',
        ...(signal === undefined ? {} : { signal }),
      });
      return {
        request,
        status: response.status,
        headers: new PipelineResponseHeaders(response.headers),
        bodyAsText: await response.text(),
      };
    },
  };
}
