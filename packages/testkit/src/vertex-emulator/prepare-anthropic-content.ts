import { splitIntoPieces, splitIntoWords } from '../openai-compatible-emulator/split-text.js';
import { anthropicEventFrame } from './server-sent-event-frames.js';
import type { VertexAnthropicContentBlock } from './vertex-emulator-scenario.js';

/** The parts of a Claude reply that depend only on its content blocks, serialized once. */
export interface PreparedAnthropicContent {
  /** The `content` array of the JSON message. */
  readonly contentJson: string;
  /** The SSE frames of every block: `content_block_start`, its deltas, `content_block_stop`. */
  readonly blockFrames: readonly string[];
}

const INPUT_FRAGMENTS = 3;
const cache = new WeakMap<readonly VertexAnthropicContentBlock[], PreparedAnthropicContent>();

function delta(index: number, value: Record<string, unknown>): string {
  return anthropicEventFrame({ type: 'content_block_delta', index, delta: value });
}

function blockEvents(block: VertexAnthropicContentBlock, index: number): string[] {
  const start = (contentBlock: Record<string, unknown>): string =>
    anthropicEventFrame({ type: 'content_block_start', index, content_block: contentBlock });
  const frames: string[] = [];
  switch (block.type) {
    case 'text':
      frames.push(start({ type: 'text', text: '' }));
      for (const word of splitIntoWords(block.text))
        frames.push(delta(index, { type: 'text_delta', text: word }));
      break;
    case 'tool_use':
      frames.push(start({ type: 'tool_use', id: block.id, name: block.name, input: {} }));
      for (const fragment of splitIntoPieces(JSON.stringify(block.input ?? {}), INPUT_FRAGMENTS)) {
        frames.push(delta(index, { type: 'input_json_delta', partial_json: fragment }));
      }
      break;
    case 'thinking':
      frames.push(start({ type: 'thinking', thinking: '', signature: '' }));
      for (const word of splitIntoWords(block.thinking)) {
        frames.push(delta(index, { type: 'thinking_delta', thinking: word }));
      }
      frames.push(delta(index, { type: 'signature_delta', signature: block.signature }));
      break;
    case 'redacted_thinking':
      frames.push(start({ type: 'redacted_thinking', data: block.data }));
      break;
  }
  frames.push(anthropicEventFrame({ type: 'content_block_stop', index }));
  return frames;
}

/** Serializes the content of a Claude reply for JSON and SSE; cached per content array. */
export function prepareAnthropicContent(
  content: readonly VertexAnthropicContentBlock[],
): PreparedAnthropicContent {
  let prepared = cache.get(content);
  if (prepared === undefined) {
    prepared = {
      contentJson: JSON.stringify(content),
      blockFrames: content.flatMap(blockEvents),
    };
    cache.set(content, prepared);
  }
  return prepared;
}
