import type { EmulatedResponse } from './emulated-response.js';
import {
  type FunctionCallOutputItem,
  type MessageOutputItem,
  outputTextPart,
  type ReasoningOutputItem,
} from './response-output-items.js';
import type { ResponsePlan } from './response-plan.js';
import { splitIntoPieces, splitIntoWords } from './split-text.js';

/** One Responses API stream event (schema `ResponseStreamEvent`). */
export type ResponseStreamEvent = { type: string; sequence_number: number } & Record<string, unknown>;

const ARGUMENT_FRAGMENTS = 3;

/** Collects events, numbering them from 0 in the order they are added. */
class EventSequence {
  readonly events: ResponseStreamEvent[] = [];

  add(type: string, fields: Record<string, unknown>): void {
    this.events.push({ type, ...fields, sequence_number: this.events.length });
  }
}

function reasoningEvents(events: EventSequence, item: ReasoningOutputItem, outputIndex: number): void {
  const at = { item_id: item.id, output_index: outputIndex, content_index: 0 };
  const text = item.content[0]?.text ?? '';
  events.add('response.output_item.added', { output_index: outputIndex, item: { ...item, content: [] } });
  events.add('response.content_part.added', { ...at, part: { type: 'reasoning_text', text: '' } });
  for (const delta of splitIntoWords(text)) events.add('response.reasoning_text.delta', { ...at, delta });
  events.add('response.reasoning_text.done', { ...at, text });
  events.add('response.content_part.done', { ...at, part: { type: 'reasoning_text', text } });
  events.add('response.output_item.done', { output_index: outputIndex, item });
}

function messageEvents(
  events: EventSequence,
  item: MessageOutputItem,
  outputIndex: number,
  textChunks: number | undefined,
): void {
  const at = { item_id: item.id, output_index: outputIndex, content_index: 0 };
  const text = item.content[0]?.text ?? '';
  events.add('response.output_item.added', {
    output_index: outputIndex,
    item: { ...item, status: 'in_progress', content: [] },
  });
  events.add('response.content_part.added', { ...at, part: outputTextPart('') });
  const pieces = textChunks === undefined ? splitIntoWords(text) : splitIntoPieces(text, textChunks);
  for (const delta of pieces) events.add('response.output_text.delta', { ...at, delta, logprobs: [] });
  events.add('response.output_text.done', { ...at, text, logprobs: [] });
  events.add('response.content_part.done', { ...at, part: outputTextPart(text) });
  events.add('response.output_item.done', { output_index: outputIndex, item });
}

function functionCallEvents(events: EventSequence, item: FunctionCallOutputItem, outputIndex: number): void {
  const at = { item_id: item.id, output_index: outputIndex };
  events.add('response.output_item.added', {
    output_index: outputIndex,
    item: { ...item, status: 'in_progress', arguments: '' },
  });
  for (const delta of splitIntoPieces(item.arguments, ARGUMENT_FRAGMENTS))
    events.add('response.function_call_arguments.delta', { ...at, delta });
  events.add('response.function_call_arguments.done', { ...at, name: item.name, arguments: item.arguments });
  events.add('response.output_item.done', { output_index: outputIndex, item });
}

/**
 * Every event of a streamed `response`, `sequence_number` 0 upwards: `response.created`, `response.in_progress`,
 * then per output item `output_item.added`, its content part and deltas (`reasoning_text`, `output_text` one per word
 * or `plan.textChunks` pieces, `function_call_arguments` in about three fragments), their `done` events and
 * `output_item.done`, and last `response.completed` or `response.incomplete` with the finished response.
 */
export function responseStreamEvents(response: EmulatedResponse, plan: ResponsePlan): ResponseStreamEvent[] {
  const events = new EventSequence();
  events.add('response.created', { response: response.inProgress });
  events.add('response.in_progress', { response: response.inProgress });
  response.items.forEach((item, outputIndex) => {
    if (item.type === 'reasoning') reasoningEvents(events, item, outputIndex);
    else if (item.type === 'message') messageEvents(events, item, outputIndex, plan.textChunks);
    else functionCallEvents(events, item, outputIndex);
  });
  events.add(`response.${response.status}`, { response: response.final });
  return events.events;
}

/** One server-sent event frame: `event: <type>` and `data: <json>`. The Responses API sends no `[DONE]`. */
export function responseEventFrame(event: ResponseStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
