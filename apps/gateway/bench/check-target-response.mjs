import { request } from 'undici';
import { responsesStreamEventTypes } from './workloads.mjs';

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

/** The `event:` name and parsed `data:` of each frame of a Responses API stream, in order. */
function responsesStreamEvents(text) {
  if (!text.endsWith('\n\n')) throw new Error('the stream does not end with a whole frame');
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame, index) => {
      const lines = frame.split('\n');
      const name = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length);
      const data = lines.find((line) => line.startsWith('data: '))?.slice('data: '.length);
      if (name === undefined || data === undefined)
        throw new Error(`frame ${index} lacks event: or data:: ${frame}`);
      const event = JSON.parse(data);
      if (event.type !== name) throw new Error(`frame ${index}: event: ${name} carries type ${event.type}`);
      if (event.sequence_number !== index) {
        throw new Error(`frame ${index} has sequence_number ${event.sequence_number}`);
      }
      return event;
    });
}

/** The text of the first message of a `response` object. */
function outputTextOf(response) {
  const message = response?.output?.find((item) => item.type === 'message');
  return message?.content?.map((part) => part.text).join('');
}

/**
 * A streamed Responses API reply: exactly the event types of one text message of `expectedChunks` deltas, in order
 * (`responsesStreamEventTypes`), with `sequence_number` 0, 1, …, every delta on the message the stream added, the
 * deltas, `output_text.done` and the final `response.completed` (status `completed`) all carrying the expected text.
 * The request sent no `store`, so the response must also have been stored: `GET /v1/responses/{id}` returns it (the
 * load runs measure that write).
 */
async function checkResponsesStream(workload, text, baseUrl, headers) {
  const events = responsesStreamEvents(text);
  const types = events.map((event) => event.type);
  const expected = responsesStreamEventTypes(workload.expectedChunks);
  if (JSON.stringify(types) !== JSON.stringify(expected)) {
    throw new Error(`unexpected event types: ${types.join(', ')}`);
  }
  const itemId = events.find((event) => event.type === 'response.output_item.added').item.id;
  const deltas = events.filter((event) => event.type === 'response.output_text.delta');
  if (deltas.some((event) => event.item_id !== itemId))
    throw new Error('a delta is not on the message added');
  const streamed = deltas.map((event) => event.delta).join('');
  if (streamed !== workload.expectedText) throw new Error(`unexpected deltas: ${JSON.stringify(streamed)}`);
  const done = events.find((event) => event.type === 'response.output_text.done').text;
  if (done !== workload.expectedText) throw new Error(`unexpected output_text.done: ${JSON.stringify(done)}`);
  const { response } = events.at(-1);
  if (response.status !== 'completed') throw new Error(`response.completed has status ${response.status}`);
  if (outputTextOf(response) !== workload.expectedText) {
    throw new Error(`unexpected final text: ${JSON.stringify(outputTextOf(response))}`);
  }
  if (response.store !== true)
    throw new Error(`the response has store ${response.store}, not the default true`);
  const stored = await request(new URL(`${workload.path}/${response.id}`, baseUrl), {
    headers,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const storedText = await stored.body.text();
  if (stored.statusCode !== 200 || outputTextOf(JSON.parse(storedText)) !== workload.expectedText) {
    throw new Error(`the response was not stored: status ${stored.statusCode}: ${storedText.slice(0, 300)}`);
  }
}

/** A Responses API reply without streaming: a completed response whose message holds the expected text. */
function checkResponse(workload, text) {
  const response = JSON.parse(text);
  if (response.object !== 'response' || response.status !== 'completed') {
    throw new Error(`not a completed response: ${text.slice(0, 300)}`);
  }
  if (outputTextOf(response) !== workload.expectedText) {
    throw new Error(`unexpected text: ${JSON.stringify(outputTextOf(response))}`);
  }
}

const CHECKS = {
  'chat-completions': checkChatCompletion,
  embeddings: checkEmbeddings,
  responses: (workload, ...rest) =>
    workload.expectedChunks === undefined
      ? checkResponse(workload, ...rest)
      : checkResponsesStream(workload, ...rest),
};

/**
 * Sends the workload's `body` once and checks the reply in full (status, then for chat the text and number of
 * content chunks, for embeddings every vector, for the Responses API stream every event and that the response was
 * stored), so that a load run never measures fast failures. The reply must
 * also pass the workload's `isCompleteBody`, which the load runs apply to every body.
 */
export async function checkTargetResponse(baseUrl, workload, body, headers = {}) {
  const check = CHECKS[workload.api];
  if (check === undefined) throw new Error(`workload ${workload.name}: unknown api ${workload.api}`);
  const response = await request(new URL(workload.path, baseUrl), {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}: ${text.slice(0, 500)}`);
  await check(workload, text, baseUrl, headers);
  if (!workload.isCompleteBody(text))
    throw new Error(`the reply fails the per-request check of ${workload.name}`);
}
