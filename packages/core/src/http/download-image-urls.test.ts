import { MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../spec/v1/chat-request.js';
import { downloadImageUrls, isPrivateAddress } from './download-image-urls.js';

const agent = new MockAgent();
agent.disableNetConnect();
afterEach(() => agent.assertNoPendingInterceptors());
afterAll(() => agent.close());

const publicLookup = async () => [{ address: '93.184.215.14' }];
const request = (url: string): ChatRequest => ({
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'see' },
        { type: 'image', source: { kind: 'url', url } },
      ],
    },
  ],
});
const options = { maxBytes: 16, timeoutMs: 1000, dispatcher: agent, lookup: publicLookup };

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['2001:4860:4860::8888', false],
  ])('%s → %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('downloadImageUrls', () => {
  it('replaces an image URL with its bytes', async () => {
    agent
      .get('https://images.test')
      .intercept({ path: '/a.png', method: 'GET' })
      .reply(200, Buffer.from('PNGDATA'), { headers: { 'content-type': 'image/png' } });
    const result = await downloadImageUrls(request('https://images.test/a.png'), options);
    expect(result.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'see' },
        {
          type: 'image',
          source: { kind: 'base64', mediaType: 'image/png', data: Buffer.from('PNGDATA').toString('base64') },
        },
      ],
    });
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data', 'private'],
    ['http://127.0.0.1:8080/x.png', 'private'],
    ['ftp://images.test/a.png', 'http(s)'],
  ])('refuses %s', async (url, reason) => {
    await expect(downloadImageUrls(request(url), options)).rejects.toMatchObject({
      code: 'MMX_REQUEST_INVALID',
      message: expect.stringContaining(reason),
    });
  });

  it('refuses a host that resolves to a private address, a body over the cap and a non-image', async () => {
    await expect(
      downloadImageUrls(request('https://internal.test/a.png'), {
        ...options,
        lookup: async () => [{ address: '10.0.0.5' }],
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('private') });
    agent
      .get('https://images.test')
      .intercept({ path: '/big.png', method: 'GET' })
      .reply(200, Buffer.alloc(64), { headers: { 'content-type': 'image/png' } });
    await expect(downloadImageUrls(request('https://images.test/big.png'), options)).rejects.toMatchObject({
      message: expect.stringContaining('larger than 16 bytes'),
    });
    agent
      .get('https://images.test')
      .intercept({ path: '/page', method: 'GET' })
      .reply(200, '<html>', { headers: { 'content-type': 'text/html' } });
    await expect(downloadImageUrls(request('https://images.test/page'), options)).rejects.toMatchObject({
      message: expect.stringContaining('not an image'),
    });
  });

  it('leaves a request without image URLs untouched', async () => {
    const plain: ChatRequest = { messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] };
    expect(await downloadImageUrls(plain, options)).toBe(plain);
  });
});
