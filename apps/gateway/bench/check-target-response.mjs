import { request } from 'undici';

const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';

function streamedContent(text) {
  const frames = text.split('\n\n').filter((frame) => frame.startsWith('data: '));
  const last = frames.at(-1);
  if (last !== 'data: [DONE]')
    throw new Error(`the stream does not end with data: [DONE] (last frame: ${last})`);
  const deltas = frames
    .slice(0, -1)
    .map((frame) => JSON.parse(frame.slice('data: '.length)).choices?.[0]?.delta?.content)
    .filter((content) => typeof content === 'string' && content !== '');
  return { content: deltas.join(''), chunks: deltas.length };
}

/**
 * Sends the workload's `body` once and checks the reply in full (status, text, number of content chunks), so that
 * a load run never measures fast failures.
 */
export async function checkTargetResponse(baseUrl, workload, body) {
  const response = await request(new URL(CHAT_COMPLETIONS_PATH, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}: ${text.slice(0, 500)}`);
  const { content, chunks } =
    workload.expectedChunks === undefined
      ? { content: JSON.parse(text).choices?.[0]?.message?.content, chunks: undefined }
      : streamedContent(text);
  if (content !== workload.expectedText) throw new Error(`unexpected content: ${JSON.stringify(content)}`);
  if (chunks !== workload.expectedChunks) {
    throw new Error(`expected ${workload.expectedChunks} content chunks, got ${chunks}`);
  }
}
