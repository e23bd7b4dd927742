import { request } from 'undici';

/** How far from 1 the length of a vector may be: the emulator sends unit vectors, rounded to float32. */
const UNIT_NORM_TOLERANCE = 1e-3;

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

/** A Chat Completions reply: its text, and for a streaming workload the number of content chunks. */
function checkChatCompletion(workload, text) {
  const { content, chunks } =
    workload.expectedChunks === undefined
      ? { content: JSON.parse(text).choices?.[0]?.message?.content, chunks: undefined }
      : streamedContent(text);
  if (content !== workload.expectedText) throw new Error(`unexpected content: ${JSON.stringify(content)}`);
  if (chunks !== workload.expectedChunks) {
    throw new Error(`expected ${workload.expectedChunks} content chunks, got ${chunks}`);
  }
}

/**
 * One base64 embedding: it must decode (and re-encode) exactly to `dimensions` little-endian float32 values, all
 * finite, of unit length as the emulator makes them. Returns the base64 text.
 */
function checkBase64Vector(embedding, index, dimensions) {
  if (typeof embedding !== 'string') throw new Error(`embedding ${index} is not a base64 string`);
  const bytes = Buffer.from(embedding, 'base64');
  if (bytes.toString('base64') !== embedding) throw new Error(`embedding ${index} is not canonical base64`);
  if (bytes.length !== dimensions * 4) {
    throw new Error(`embedding ${index} has ${bytes.length} bytes, not ${dimensions} float32 values`);
  }
  let squares = 0;
  for (let offset = 0; offset < bytes.length; offset += 4) {
    const value = bytes.readFloatLE(offset);
    if (!Number.isFinite(value)) throw new Error(`embedding ${index} holds ${value} at ${offset / 4}`);
    squares += value * value;
  }
  if (Math.abs(Math.sqrt(squares) - 1) > UNIT_NORM_TOLERANCE) {
    throw new Error(`embedding ${index} has length ${Math.sqrt(squares)}, not the emulator's unit vectors`);
  }
  return embedding;
}

/**
 * An embeddings reply: a `list` of `expectedInputs` items with the indexes 0 … n-1 in order, each a base64 vector of
 * `expectedDimensions` float32 values, different for the different inputs, and a usage.
 */
function checkEmbeddings(workload, text) {
  const reply = JSON.parse(text);
  if (reply.object !== 'list' || !Array.isArray(reply.data))
    throw new Error('the reply is not an embeddings list');
  if (reply.data.length !== workload.expectedInputs) {
    throw new Error(`expected ${workload.expectedInputs} embeddings, got ${reply.data.length}`);
  }
  const vectors = reply.data.map((item, position) => {
    if (item?.object !== 'embedding' || item.index !== position) {
      throw new Error(
        `item ${position} is not the embedding of index ${position}: ${JSON.stringify(item?.index)}`,
      );
    }
    return checkBase64Vector(item.embedding, position, workload.expectedDimensions);
  });
  if (new Set(vectors).size !== vectors.length) throw new Error('different inputs got the same vector');
  if (!Number.isInteger(reply.usage?.prompt_tokens)) throw new Error('the reply has no usage.prompt_tokens');
}

const CHECKS = { 'chat-completions': checkChatCompletion, embeddings: checkEmbeddings };

/**
 * Sends the workload's `body` once and checks the reply in full (status, then for chat the text and number of
 * content chunks, for embeddings every vector), so that a load run never measures fast failures. The reply must
 * also pass the workload's `isCompleteBody`, which the load runs apply to every body.
 */
export async function checkTargetResponse(baseUrl, workload, body) {
  const check = CHECKS[workload.api];
  if (check === undefined) throw new Error(`workload ${workload.name}: unknown api ${workload.api}`);
  const response = await request(new URL(workload.path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}: ${text.slice(0, 500)}`);
  check(workload, text);
  if (!workload.isCompleteBody(text))
    throw new Error(`the reply fails the per-request check of ${workload.name}`);
}
