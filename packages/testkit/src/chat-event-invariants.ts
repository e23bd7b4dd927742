import type { ChatEvent, Usage } from '@modelmux/core';

function checkUsage(usage: Usage, where: string, problems: string[]): void {
  for (const key of [
    'inputTokens',
    'outputTokens',
    'totalTokens',
    'cachedInputTokens',
    'cacheWriteInputTokens',
    'reasoningTokens',
  ] as const) {
    const value = usage[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      problems.push(`${where}: usage.${key} is ${value}, not an integer ≥ 0 or undefined`);
    }
  }
}

/**
 * Checks the stream invariants every provider must keep; returns the problems found (empty when none):
 * one `response-start` first, one terminal event last, deltas inside their start/end, tool arguments that parse as
 * JSON, and usage counts that are integers ≥ 0 or undefined.
 */
export function findChatEventInvariantViolations(events: readonly ChatEvent[]): string[] {
  const problems: string[] = [];
  if (events[0]?.type !== 'response-start') problems.push('the first event is not response-start');
  const last = events.at(-1);
  if (last?.type !== 'response-end' && last?.type !== 'error')
    problems.push('the last event is not response-end or error');
  const openText = new Set<string>();
  const openReasoning = new Set<string>();
  const openTools = new Set<string>();
  const seenBlocks = new Set<string>();
  events.forEach((event, index) => {
    const where = `event ${index} (${event.type})`;
    if (index > 0 && event.type === 'response-start') problems.push(`${where}: a second response-start`);
    if (index < events.length - 1 && (event.type === 'response-end' || event.type === 'error')) {
      problems.push(`${where}: a terminal event before the end`);
    }
    switch (event.type) {
      case 'text-start':
      case 'reasoning-start': {
        if (seenBlocks.has(event.blockId)) problems.push(`${where}: block ${event.blockId} started twice`);
        seenBlocks.add(event.blockId);
        (event.type === 'text-start' ? openText : openReasoning).add(event.blockId);
        break;
      }
      case 'text-delta':
      case 'text-end':
        if (!openText.has(event.blockId)) problems.push(`${where}: text block ${event.blockId} is not open`);
        if (event.type === 'text-end') openText.delete(event.blockId);
        break;
      case 'reasoning-delta':
      case 'reasoning-end':
        if (!openReasoning.has(event.blockId))
          problems.push(`${where}: reasoning block ${event.blockId} is not open`);
        if (event.type === 'reasoning-end') openReasoning.delete(event.blockId);
        break;
      case 'tool-call-start':
        if (openTools.has(event.callId)) problems.push(`${where}: tool call ${event.callId} started twice`);
        openTools.add(event.callId);
        break;
      case 'tool-call-delta':
        if (!openTools.has(event.callId)) problems.push(`${where}: tool call ${event.callId} is not open`);
        break;
      case 'tool-call-end':
        if (!openTools.has(event.callId)) problems.push(`${where}: tool call ${event.callId} is not open`);
        openTools.delete(event.callId);
        try {
          JSON.parse(event.arguments);
        } catch {
          problems.push(
            `${where}: arguments of ${event.callId} are not JSON: ${event.arguments.slice(0, 80)}`,
          );
        }
        break;
      case 'usage-update':
        checkUsage(event.usage, where, problems);
        break;
      case 'response-end':
        checkUsage(event.usage, where, problems);
        for (const id of [...openText, ...openReasoning, ...openTools])
          problems.push(`${where}: ${id} was never ended`);
        break;
      default:
        break;
    }
  });
  return problems;
}

/** Collects a stream's events. */
export async function collectChatEvents(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const collected: ChatEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}
