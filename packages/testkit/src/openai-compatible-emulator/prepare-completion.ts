import { chunkChoicesJson } from './chat-completion-envelope.js';
import { serializeUsage } from './completion-usage.js';
import { countWords } from './count-words.js';
import { DEFAULT_EMULATOR_TEXT, type EmulatorScenario } from './emulator-scenario.js';
import { splitIntoPieces, splitIntoWords } from './split-text.js';

/** The scenarios that produce a real completion. */
export type CompletionScenario = Extract<EmulatorScenario, { kind: 'text' | 'tool-calls' }>;

/** Everything about a completion that does not depend on the request, serialized once per scenario. */
export interface PreparedCompletion {
  /** The non-stream `choices` array, as JSON. */
  readonly choicesJson: string;
  /** The `choices` array of each stream chunk, as JSON: role chunk first, finish chunk last. */
  readonly chunkChoicesJson: readonly string[];
  /** The usage JSON, `null` for no usage, or `undefined` when it depends on the prompt. */
  readonly usageJson: string | null | undefined;
  /** Completion tokens for the computed default usage. */
  readonly completionTokens: number;
  /** Reasoning tokens for the computed default usage. */
  readonly reasoningTokens: number | undefined;
  readonly firstByteDelayMs: number | undefined;
}

type ToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };

const ARGUMENT_FRAGMENTS = 3;
const cache = new WeakMap<CompletionScenario, PreparedCompletion>();

function prepareText(scenario: Extract<CompletionScenario, { kind: 'text' }>): PreparedCompletion {
  const text = scenario.text ?? DEFAULT_EMULATOR_TEXT;
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: text,
    refusal: null,
    annotations: [],
  };
  if (scenario.reasoning !== undefined) message.reasoning_content = scenario.reasoning;
  const finishReason = scenario.finishReason ?? 'stop';

  const chunks = [chunkChoicesJson({ role: 'assistant', content: '', refusal: null }, null)];
  if (scenario.reasoning !== undefined) {
    for (const piece of splitIntoWords(scenario.reasoning)) {
      chunks.push(chunkChoicesJson({ reasoning_content: piece }, null));
    }
  }
  const pieces =
    scenario.chunks === undefined ? splitIntoWords(text) : splitIntoPieces(text, scenario.chunks);
  for (const piece of pieces) chunks.push(chunkChoicesJson({ content: piece }, null));
  chunks.push(chunkChoicesJson({}, finishReason));

  const reasoningTokens = scenario.reasoning === undefined ? undefined : countWords(scenario.reasoning);
  return {
    choicesJson: JSON.stringify([{ index: 0, message, logprobs: null, finish_reason: finishReason }]),
    chunkChoicesJson: chunks,
    usageJson: scenario.usage === undefined ? undefined : scenario.usage && serializeUsage(scenario.usage),
    completionTokens: Math.max(1, countWords(text) + (reasoningTokens ?? 0)),
    reasoningTokens,
    firstByteDelayMs: scenario.firstByteDelayMs,
  };
}

function toolCallChunks(calls: readonly ToolCall[], role: Record<string, unknown> | undefined): string[] {
  const chunks: string[] = [];
  calls.forEach((call, index) => {
    const opening = {
      index,
      id: call.id,
      type: 'function',
      function: { name: call.function.name, arguments: '' },
    };
    // Without text before them, OpenAI puts the first call's opening fragment into the role chunk.
    const delta =
      index === 0 && role !== undefined ? { ...role, tool_calls: [opening] } : { tool_calls: [opening] };
    chunks.push(chunkChoicesJson(delta, null));
    for (const fragment of splitIntoPieces(call.function.arguments, ARGUMENT_FRAGMENTS)) {
      chunks.push(chunkChoicesJson({ tool_calls: [{ index, function: { arguments: fragment } }] }, null));
    }
  });
  return chunks;
}

function prepareToolCalls(scenario: Extract<CompletionScenario, { kind: 'tool-calls' }>): PreparedCompletion {
  const calls: ToolCall[] = scenario.calls.map((call, index) => ({
    id: call.id ?? `call_emulator_${index}`,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
  const text = scenario.text;
  const message = {
    role: 'assistant',
    content: text ?? null,
    refusal: null,
    tool_calls: calls,
    annotations: [],
  };

  const chunks: string[] = [];
  let role: Record<string, unknown> | undefined = { role: 'assistant', content: null, refusal: null };
  if (text !== undefined) {
    chunks.push(chunkChoicesJson({ role: 'assistant', content: '', refusal: null }, null));
    for (const piece of splitIntoWords(text)) chunks.push(chunkChoicesJson({ content: piece }, null));
    role = undefined;
  }
  if (calls.length === 0 && role !== undefined) chunks.push(chunkChoicesJson(role, null));
  chunks.push(...toolCallChunks(calls, role));
  chunks.push(chunkChoicesJson({}, 'tool_calls'));

  let completionTokens = countWords(text ?? '');
  for (const call of calls) completionTokens += 1 + countWords(call.function.arguments);
  return {
    choicesJson: JSON.stringify([{ index: 0, message, logprobs: null, finish_reason: 'tool_calls' }]),
    chunkChoicesJson: chunks,
    usageJson: scenario.usage === undefined ? undefined : scenario.usage && serializeUsage(scenario.usage),
    completionTokens: Math.max(1, completionTokens),
    reasoningTokens: undefined,
    firstByteDelayMs: scenario.firstByteDelayMs,
  };
}

/** Serializes what can be serialized ahead of time for a completion scenario; cached per scenario object. */
export function prepareCompletion(scenario: CompletionScenario): PreparedCompletion {
  let prepared = cache.get(scenario);
  if (prepared === undefined) {
    prepared = scenario.kind === 'text' ? prepareText(scenario) : prepareToolCalls(scenario);
    cache.set(scenario, prepared);
  }
  return prepared;
}
