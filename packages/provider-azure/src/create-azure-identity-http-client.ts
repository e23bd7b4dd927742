import type {
  HttpClient,
  HttpHeaders,
  PipelineRequest,
  PipelineResponse,
  RawHttpHeaders,
} from '@azure/core-rest-pipeline';
import { type Dispatcher, fetch } from 'undici';

/** A core-rest-pipeline `HttpHeaders` over a plain map (lower-cased names). */
class ResponseHeaders implements HttpHeaders {
  private readonly values = new Map<string, string>();

  constructor(entries: Iterable<[string, string]>) {
    for (const [name, value] of entries) this.values.set(name.toLowerCase(), value);
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

  toJSON(): RawHttpHeaders {
    return Object.fromEntries(this.values);
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.values.entries();
  }
}

function requestSignal(request: PipelineRequest): AbortSignal | undefined {
  const signals: AbortSignal[] = [];
  if (request.timeout > 0) signals.push(AbortSignal.timeout(request.timeout));
  if (request.abortSignal !== undefined) signals.push(request.abortSignal as AbortSignal);
  return signals.length === 0 ? undefined : AbortSignal.any(signals);
}

/**
 * The `httpClient` given to `@azure/identity` credentials: token requests go through the gateway's injected undici
 * dispatcher (its proxy, timeouts and connection limits) like every other upstream call.
 */
export function createAzureIdentityHttpClient(dispatcher: Dispatcher): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const body = request.body;
      if (body !== undefined && body !== null && typeof body !== 'string') {
        throw new Error('The Entra ID token client only sends string bodies');
      }
      const signal = requestSignal(request);
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers.toJSON(),
        body: body ?? undefined,
        redirect: 'manual',
        dispatcher,
        ...(signal === undefined ? {} : { signal }),
      });
      return {
        request,
        status: response.status,
        headers: new ResponseHeaders(response.headers),
        bodyAsText: await response.text(),
      };
    },
  };
}
