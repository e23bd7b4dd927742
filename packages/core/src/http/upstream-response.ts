/** What a response handler receives: the upstream's status, headers and unread body. */
export interface UpstreamResponse {
  url: string;
  statusCode: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: UpstreamBody;
}

/** The subset of undici's response body the handlers use. */
export interface UpstreamBody extends AsyncIterable<Uint8Array> {
  text(): Promise<string>;
  destroy(error?: Error): unknown;
  /** Iterates without destroying the body when the loop stops early (Node readables). */
  iterator?(options: { destroyOnReturn: boolean }): AsyncIterable<Uint8Array>;
  /** Reads and discards the rest, up to `limit` bytes, keeping the connection (undici). */
  dump?(options: { limit: number }): Promise<void>;
}

export type ResponseHandler<T> = (response: UpstreamResponse) => Promise<T>;

const REQUEST_ID_HEADERS = [
  'x-request-id',
  'x-amzn-requestid',
  'request-id',
  'apim-request-id',
  'x-goog-request-id',
];

/** The upstream's request id, from the first of the usual headers that is present. */
export function readUpstreamRequestId(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}
