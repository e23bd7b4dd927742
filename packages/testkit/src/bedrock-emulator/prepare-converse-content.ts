import { countWords } from '../openai-compatible-emulator/count-words.js';
import { splitIntoPieces, splitIntoWords } from '../openai-compatible-emulator/split-text.js';
import type { BedrockContentBlock } from './bedrock-emulator-scenario.js';
import { eventFrame } from './event-stream-frames.js';

/** The parts of a Converse reply that depend only on its content blocks, serialized once. */
export interface PreparedConverseContent {
  /** The `content` array of the JSON message. */
  readonly contentJson: string;
  /** The frames of every block: `contentBlockStart` (toolUse only), its deltas, `contentBlockStop`. */
  readonly blockFrames: readonly Uint8Array[];
  /** Words of the text and reasoning text: the default output token count (at least 1). */
  readonly outputWords: number;
}

const INPUT_FRAGMENTS = 3;
const cache = new WeakMap<readonly BedrockContentBlock[], PreparedConverseContent>();

function delta(contentBlockIndex: number, value: Record<string, unknown>): Uint8Array {
  return eventFrame('contentBlockDelta', { contentBlockIndex, delta: value });
}

function blockFrames(block: BedrockContentBlock, index: number): Uint8Array[] {
  const frames: Uint8Array[] = [];
  if ('text' in block) {
    for (const word of splitIntoWords(block.text)) frames.push(delta(index, { text: word }));
  } else if ('toolUse' in block) {
    const { toolUseId, name, input } = block.toolUse;
    frames.push(
      eventFrame('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId, name } } }),
    );
    for (const fragment of splitIntoPieces(JSON.stringify(input ?? {}), INPUT_FRAGMENTS))
      frames.push(delta(index, { toolUse: { input: fragment } }));
  } else if ('reasoningText' in block.reasoningContent) {
    const { text, signature } = block.reasoningContent.reasoningText;
    for (const word of splitIntoWords(text)) frames.push(delta(index, { reasoningContent: { text: word } }));
    if (signature !== undefined) frames.push(delta(index, { reasoningContent: { signature } }));
  } else {
    frames.push(
      delta(index, { reasoningContent: { redactedContent: block.reasoningContent.redactedContent } }),
    );
  }
  frames.push(eventFrame('contentBlockStop', { contentBlockIndex: index }));
  return frames;
}

function blockWords(block: BedrockContentBlock): number {
  if ('text' in block) return countWords(block.text);
  if ('reasoningContent' in block && 'reasoningText' in block.reasoningContent)
    return countWords(block.reasoningContent.reasoningText.text);
  return 0;
}

/** Serializes the content of a Converse reply for JSON and the event stream; cached per content array. */
export function prepareConverseContent(content: readonly BedrockContentBlock[]): PreparedConverseContent {
  let prepared = cache.get(content);
  if (prepared === undefined) {
    prepared = {
      contentJson: JSON.stringify(content),
      blockFrames: content.flatMap(blockFrames),
      outputWords: Math.max(
        1,
        content.reduce((words, block) => words + blockWords(block), 0),
      ),
    };
    cache.set(content, prepared);
  }
  return prepared;
}
