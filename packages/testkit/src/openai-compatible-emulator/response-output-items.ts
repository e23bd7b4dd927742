import type { EmulatorIds } from './emulator-ids.js';
import type { ResponsePlan } from './response-plan.js';

/** The status of an output item. */
export type OutputItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** An `output_text` content part (schema `OutputTextContent`). */
export interface OutputTextPart {
  type: 'output_text';
  text: string;
  annotations: never[];
  logprobs: never[];
}

/** A `reasoning_text` content part of a reasoning item (schema `ReasoningTextContent`). */
export interface ReasoningTextPart {
  type: 'reasoning_text';
  text: string;
}

/** An assistant message output item (schema `OutputMessage`). */
export interface MessageOutputItem {
  id: string;
  type: 'message';
  status: OutputItemStatus;
  role: 'assistant';
  content: OutputTextPart[];
}

/** A function call output item (schema `FunctionToolCall`). */
export interface FunctionCallOutputItem {
  id: string;
  type: 'function_call';
  status: OutputItemStatus;
  arguments: string;
  call_id: string;
  name: string;
}

/** A reasoning output item with its text, as vLLM sends it (schema `ReasoningItem`). */
export interface ReasoningOutputItem {
  id: string;
  type: 'reasoning';
  summary: never[];
  content: ReasoningTextPart[];
}

/** An output item the emulator produces. */
export type ResponseOutputItem = MessageOutputItem | FunctionCallOutputItem | ReasoningOutputItem;

/** An `output_text` part with the given text, no annotations and no logprobs. */
export function outputTextPart(text: string): OutputTextPart {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/**
 * The finished output items of a plan, with fresh ids: the reasoning item, the message (`incomplete` when the plan
 * is), then the function calls.
 */
export function responseOutputItems(plan: ResponsePlan, ids: EmulatorIds): ResponseOutputItem[] {
  const items: ResponseOutputItem[] = [];
  if (plan.reasoning !== undefined) {
    items.push({
      id: ids.nextOutputItemId('rs'),
      type: 'reasoning',
      summary: [],
      content: [{ type: 'reasoning_text', text: plan.reasoning }],
    });
  }
  if (plan.text !== undefined) {
    items.push({
      id: ids.nextOutputItemId('msg'),
      type: 'message',
      status: plan.incompleteReason === undefined ? 'completed' : 'incomplete',
      role: 'assistant',
      content: [outputTextPart(plan.text)],
    });
  }
  for (const call of plan.calls) {
    items.push({
      id: ids.nextOutputItemId('fc'),
      type: 'function_call',
      status: 'completed',
      arguments: call.arguments,
      call_id: call.callId,
      name: call.name,
    });
  }
  return items;
}
