import { DEFAULT_EMULATOR_TEXT, type EmulatorUsage } from './emulator-scenario.js';
import type { CompletionScenario } from './prepare-completion.js';

/** Why a `response` ended as `incomplete` (`incomplete_details.reason`). */
export type ResponseIncompleteReason = 'max_output_tokens' | 'content_filter';

/** One function call of a planned `response`. */
export interface PlannedFunctionCall {
  /** The `call_id` a later `function_call_output` item references. */
  callId: string;
  name: string;
  arguments: string;
}

/** What one emulated Responses API `response` holds, whatever the request: a scenario seen through that API. */
export interface ResponsePlan {
  /** A `reasoning` output item with this `reasoning_text` comes first (vLLM style). */
  reasoning?: string;
  /** An assistant `message` output item with this `output_text`; none when undefined. */
  text?: string;
  /** Streams only: split the text into this many `output_text.delta` events. Default: one per word. */
  textChunks?: number;
  /** `function_call` output items, after the message. */
  calls: readonly PlannedFunctionCall[];
  /** Set: the response ends `incomplete` with this reason, and its message item is `incomplete` too. */
  incompleteReason?: ResponseIncompleteReason;
  /** `null` sends no usage; undefined computes it from word counts. */
  usage?: EmulatorUsage | null;
  firstByteDelayMs?: number;
  /** Streams only: wait this long between events. Default: all events at once. */
  chunkDelayMs?: number;
}

const INCOMPLETE_REASONS: Readonly<Record<string, ResponseIncompleteReason | undefined>> = {
  length: 'max_output_tokens',
  content_filter: 'content_filter',
};

/**
 * The Responses view of a completion scenario: `text` becomes a message (after a reasoning item when it has
 * `reasoning`), `finishReason: 'length'` an `incomplete` response with `max_output_tokens`, `'content_filter'` one
 * with `content_filter`; `tool-calls` becomes an optional message and one `function_call` item per call, whose
 * `call_id` is the call's `id` (default `call_emulator_<index>`, as in chat).
 */
export function responsePlanOf(scenario: CompletionScenario): ResponsePlan {
  const common = {
    usage: scenario.usage,
    firstByteDelayMs: scenario.firstByteDelayMs,
    chunkDelayMs: scenario.chunkDelayMs,
  };
  if (scenario.kind === 'tool-calls') {
    return {
      ...common,
      text: scenario.text,
      calls: scenario.calls.map((call, index) => ({
        callId: call.id ?? `call_emulator_${index}`,
        name: call.name,
        arguments: call.arguments,
      })),
    };
  }
  return {
    ...common,
    reasoning: scenario.reasoning,
    text: scenario.text ?? DEFAULT_EMULATOR_TEXT,
    textChunks: scenario.chunks,
    calls: [],
    incompleteReason: INCOMPLETE_REASONS[scenario.finishReason ?? 'stop'],
  };
}
