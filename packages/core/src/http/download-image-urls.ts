import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Dispatcher } from 'undici';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import type { ChatRequest, Message } from '../spec/v1/chat-request.js';

export interface ImageDownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  dispatcher: Dispatcher;
  signal?: AbortSignal;
  /** Resolves a host name to its addresses (injected for tests). */
  lookup?: (host: string) => Promise<Array<{ address: string }>>;
}

/** True for loopback, private, link-local, carrier-grade NAT, unspecified and unique-local addresses. */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) return isPrivateAddress(lower.slice(7));
  return (
    lower === '::' ||
    lower === '::1' ||
    lower.startsWith('fc') ||
    lower.startsWith('fd') ||
    /^fe[89ab]/.test(lower)
  );
}

async function downloadImage(
  url: string,
  where: string,
  options: ImageDownloadOptions,
): Promise<{ mediaType: string; data: string }> {
  const fail = (reason: string): never => {
    throw new InvalidRequestError({
      message: `${where}: the image at ${url} was not downloaded: ${reason}`,
      param: where,
    });
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') fail('only http(s) URLs are fetched');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [{ address: host }]
    : await (options.lookup ?? ((name) => dnsLookup(name, { all: true })))(host).catch(() =>
        fail('the host does not resolve'),
      );
  if (addresses.length === 0 || addresses.some((entry) => isPrivateAddress(entry.address))) {
    fail('private, loopback and link-local addresses are refused');
  }
  const signal =
    options.signal === undefined
      ? AbortSignal.timeout(options.timeoutMs)
      : AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  let response: Dispatcher.ResponseData;
  try {
    response = await options.dispatcher.request({
      origin: parsed.origin,
      path: `${parsed.pathname}${parsed.search}`,
      method: 'GET',
      signal,
      maxRedirections: 0,
    } as Dispatcher.RequestOptions);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return fail((error as Error).message);
  }
  const mediaType =
    String(response.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim() ?? '';
  if (response.statusCode !== 200) {
    response.body.destroy();
    fail(`HTTP ${response.statusCode}`);
  }
  if (!mediaType.startsWith('image/')) {
    response.body.destroy();
    fail(`content type ${mediaType || 'missing'} is not an image`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > options.maxBytes) {
      response.body.destroy();
      fail(`larger than ${options.maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return { mediaType, data: Buffer.concat(chunks).toString('base64') };
}

/** A copy of `request` whose user image URLs are replaced by their downloaded bytes (others are untouched). */
export async function downloadImageUrls(
  request: ChatRequest,
  options: ImageDownloadOptions,
): Promise<ChatRequest> {
  if (
    !request.messages.some(
      (message) =>
        message.role === 'user' &&
        message.content.some((part) => part.type === 'image' && part.source.kind === 'url'),
    )
  ) {
    return request;
  }
  const messages: Message[] = await Promise.all(
    request.messages.map(async (message, index): Promise<Message> => {
      if (message.role !== 'user') return message;
      const content = await Promise.all(
        message.content.map(async (part, partIndex) => {
          if (part.type !== 'image' || part.source.kind !== 'url') return part;
          const downloaded = await downloadImage(
            part.source.url,
            `messages[${index}].content[${partIndex}]`,
            options,
          );
          return { ...part, source: { kind: 'base64' as const, ...downloaded } };
        }),
      );
      return { ...message, content };
    }),
  );
  return { ...request, messages };
}
