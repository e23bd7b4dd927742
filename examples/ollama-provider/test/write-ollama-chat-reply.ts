import type { ServerResponse } from 'node:http';
import type { OllamaEmulatorScenario } from './ollama-emulator-scenario.js';

/** The request fields the reply depends on. */
export interface OllamaChatRequestBody {
  model: string;
  messages?: Array<{ content?: unknown }>;
  stream?: boolean;
}

/** Pieces of `text` as a model streams them: each word with the space before it. */
function splitIntoPieces(text: string): string[] {
  return text.match(/\s*\S+/g) ?? (text === '' ? [] : [text]);
}

function countPromptWords(request: OllamaChatRequestBody): number {
  return (request.messages ?? []).reduce(
    (count, message) =>
      count + (typeof message.content === 'string' ? (message.content.match(/\S+/g)?.length ?? 0) : 0),
    0,
  );
}

function writeJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** Answers one `POST /api/chat` the way Ollama does: one JSON object, or (the default) an NDJSON stream. */
export function writeOllamaChatReply(
  response: ServerResponse,
  request: OllamaChatRequestBody,
  scenario: OllamaEmulatorScenario,
): void {
  if (scenario.kind === 'error') {
    writeJson(response, scenario.status, { error: scenario.message });
    return;
  }
  const model = request.model;
  const createdAt = () => new Date().toISOString();
  const text = scenario.text ?? '';
  const thinking = scenario.kind === 'text' ? (scenario.thinking ?? '') : '';
  const toolCalls =
    scenario.kind === 'tool-call'
      ? scenario.calls.map((call) => ({ function: { name: call.name, arguments: call.arguments } }))
      : [];
  const textPieces = splitIntoPieces(text);
  const thinkingPieces = splitIntoPieces(thinking);
  const promptEvalCount = Math.max(1, countPromptWords(request));
  const evalCount = textPieces.length + thinkingPieces.length + toolCalls.length;
  const final = {
    done_reason: scenario.kind === 'text' ? (scenario.doneReason ?? 'stop') : 'stop',
    done: true,
    total_duration: 1_000_000 * (evalCount + promptEvalCount),
    load_duration: 1_000_000,
    prompt_eval_count: promptEvalCount,
    prompt_eval_duration: 1_000_000 * promptEvalCount,
    eval_count: evalCount,
    eval_duration: 1_000_000 * evalCount,
  };

  if (request.stream === false) {
    const message: Record<string, unknown> = { role: 'assistant', content: text };
    if (thinking !== '') message.thinking = thinking;
    if (toolCalls.length > 0) message.tool_calls = toolCalls;
    writeJson(response, 200, { model, created_at: createdAt(), message, ...final });
    return;
  }

  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const line = (value: unknown) => response.write(`${JSON.stringify(value)}\n`);
  const piece = (message: Record<string, unknown>) =>
    line({
      model,
      created_at: createdAt(),
      message: { role: 'assistant', content: '', ...message },
      done: false,
    });
  for (const part of thinkingPieces) piece({ thinking: part });
  for (const part of textPieces) piece({ content: part });
  if (toolCalls.length > 0) piece({ tool_calls: toolCalls });
  if (scenario.kind === 'stream-error') line({ error: scenario.message });
  else if (scenario.kind !== 'truncated')
    line({ model, created_at: createdAt(), message: { role: 'assistant', content: '' }, ...final });
  response.end();
}
