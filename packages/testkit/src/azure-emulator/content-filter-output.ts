import { splitIntoWords } from '../openai-compatible-emulator/split-text.js';
import type { AzureChunkFrames } from './azure-chat-completion.js';
import { type AzureEmulatorScenario, DEFAULT_FILTERED_OUTPUT_TEXT } from './azure-emulator-scenario.js';
import { safeOutputResults, withFilteredCategory } from './content-filter-results.js';

/** A `content-filter-output` scenario. */
export type ContentFilterOutputScenario = Extract<AzureEmulatorScenario, { kind: 'content-filter-output' }>;

type JsonObject = Record<string, unknown>;

function filteredResults(scenario: ContentFilterOutputScenario): JsonObject {
  return withFilteredCategory(
    safeOutputResults(),
    scenario.category ?? 'violence',
    scenario.severity ?? 'high',
  );
}

/** The content the scenario produces before the filter blocks it. */
export function filteredOutputText(scenario: ContentFilterOutputScenario): string {
  return scenario.text ?? DEFAULT_FILTERED_OUTPUT_TEXT;
}

/** The non-stream choice: the partial content (`null` when empty) and `finish_reason: "content_filter"`. */
export function filteredOutputChoice(scenario: ContentFilterOutputScenario): JsonObject {
  const text = filteredOutputText(scenario);
  return {
    index: 0,
    message: { role: 'assistant', content: text === '' ? null : text, refusal: null, annotations: [] },
    logprobs: null,
    finish_reason: 'content_filter',
    content_filter_results: filteredResults(scenario),
  };
}

/**
 * The stream frames of the completion: the role chunk, one chunk per word (each with the filter's safe results),
 * then the asynchronous filter's blocking annotation without `delta`. `promptLength` (characters) positions
 * `content_filter_offsets`, which count from the start of the prompt.
 */
export function filteredOutputFrames(
  scenario: ContentFilterOutputScenario,
  frames: AzureChunkFrames,
  promptLength: number,
): string[] {
  const text = filteredOutputText(scenario);
  const payload = [
    frames.chunk([
      {
        index: 0,
        delta: { role: 'assistant', content: '', refusal: null },
        logprobs: null,
        finish_reason: null,
        content_filter_results: {},
      },
    ]),
  ];
  for (const piece of splitIntoWords(text)) {
    payload.push(
      frames.chunk([
        {
          index: 0,
          delta: { content: piece },
          logprobs: null,
          finish_reason: null,
          content_filter_results: safeOutputResults(),
        },
      ]),
    );
  }
  const blocking: JsonObject = {
    index: 0,
    finish_reason: 'content_filter',
    content_filter_results: filteredResults(scenario),
  };
  if (scenario.offsets !== false) {
    blocking.content_filter_offsets = {
      check_offset: promptLength,
      start_offset: promptLength,
      end_offset: promptLength + text.length,
    };
  }
  payload.push(frames.asyncFilterAnnotation([blocking]));
  return payload;
}

/** The characters of text in a chat request's messages, where Azure's filter offsets start counting the output. */
export function promptTextLength(messages: readonly unknown[]): number {
  let length = 0;
  for (const message of messages) {
    const content = (message as { content?: unknown } | null)?.content;
    if (typeof content === 'string') length += content.length;
    else if (Array.isArray(content)) {
      for (const part of content) {
        const text = (part as { text?: unknown } | null)?.text;
        if (typeof text === 'string') length += text.length;
      }
    }
  }
  return length;
}
