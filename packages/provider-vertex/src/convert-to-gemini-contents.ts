import {
  type AssistantMessage,
  InvalidRequestError,
  type Message,
  type ToolMessage,
  type UserMessage,
  type Warning,
} from '@modelmux/core';
import { safeParseJson } from '@modelmux/core/http';
import { z } from 'zod';
import { convertToGeminiDataPart } from './convert-to-gemini-data-part.js';
import { decodeGeminiToolCallId } from './gemini-tool-call-id.js';

type GeminiPart = Record<string, unknown>;

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiContents {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
}

const jsonObjectSchema = z.record(z.string(), z.unknown());

/** The JSON object in `text`, or undefined when `text` is not one. */
function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const parsed = safeParseJson(text, jsonObjectSchema);
  return parsed.success ? parsed.value : undefined;
}

/** Appends parts to the conversation, merging them into the last turn when it has the same role. */
function append(contents: GeminiContent[], role: GeminiContent['role'], parts: GeminiPart[]): void {
  if (parts.length === 0) return;
  const last = contents.at(-1);
  if (last?.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

class ContentsBuilder {
  readonly contents: GeminiContent[] = [];
  private readonly systemTexts: string[] = [];
  /** Tool name of every tool call made so far, by call id; a later call with the same id wins. */
  private readonly toolNames = new Map<string, string>();
  private sawConversation = false;
  private movedSystem = false;
  private droppedNames = false;
  private droppedReasoning = false;

  constructor(private readonly warnings: Warning[]) {}

  add(message: Message, index: number): void {
    const param = `messages[${index}]`;
    if (message.role === 'system') {
      if (this.sawConversation) this.movedSystem = true;
      this.systemTexts.push(message.content);
      return;
    }
    this.sawConversation = true;
    if (message.role === 'user') append(this.contents, 'user', this.convertUser(message, param));
    else if (message.role === 'assistant')
      append(this.contents, 'model', this.convertAssistant(message, param));
    else append(this.contents, 'user', this.convertToolResult(message, param));
  }

  private convertUser(message: UserMessage, param: string): GeminiPart[] {
    if (message.name !== undefined) this.droppedNames = true;
    const parts: GeminiPart[] = [];
    message.content.forEach((part, index) => {
      const partParam = `${param}.content[${index}]`;
      if (part.type === 'text') {
        if (part.text !== '') parts.push({ text: part.text });
      } else if (part.type === 'image') {
        if (part.detail !== undefined && part.detail !== 'auto') {
          this.warnings.push({
            type: 'unsupported',
            feature: 'image-detail',
            detail: `${partParam}: Gemini has no per-image detail setting; detail ${part.detail} was not sent`,
          });
        }
        parts.push(convertToGeminiDataPart(part.source, { kind: 'image', param: partParam }, this.warnings));
      } else {
        parts.push(
          convertToGeminiDataPart(
            part.source,
            { kind: 'file', filename: part.filename, param: partParam },
            this.warnings,
          ),
        );
      }
    });
    return parts;
  }

  private convertAssistant(message: AssistantMessage, param: string): GeminiPart[] {
    if (message.name !== undefined) this.droppedNames = true;
    const parts: GeminiPart[] = [];
    // A signature that arrived as an empty reasoning part belongs to the text part that follows it.
    let pendingSignature: string | undefined;
    const flushSignature = () => {
      if (pendingSignature !== undefined) parts.push({ text: '', thoughtSignature: pendingSignature });
      pendingSignature = undefined;
    };
    message.content.forEach((part, index) => {
      if (part.type === 'text') {
        if (pendingSignature !== undefined) {
          parts.push({ text: part.text, thoughtSignature: pendingSignature });
          pendingSignature = undefined;
        } else if (part.text !== '') parts.push({ text: part.text });
        return;
      }
      flushSignature();
      if (part.type === 'reasoning') {
        if (part.signature === undefined) this.droppedReasoning = true;
        else if (part.text === '') pendingSignature = part.signature;
        else parts.push({ text: part.text, thought: true, thoughtSignature: part.signature });
        return;
      }
      const { id, thoughtSignature, fromUpstream } = decodeGeminiToolCallId(part.callId);
      const functionCall: Record<string, unknown> = {
        name: part.toolName,
        args: this.parseArguments(part.arguments, `${param}.content[${index}]`),
      };
      if (fromUpstream) functionCall.id = id;
      parts.push(thoughtSignature === undefined ? { functionCall } : { functionCall, thoughtSignature });
      this.toolNames.set(part.callId, part.toolName);
    });
    flushSignature();
    if (message.refusal !== undefined && message.refusal !== '') {
      parts.push({ text: message.refusal });
      this.warnings.push({
        type: 'compatibility',
        feature: 'refusal-history',
        detail: `${param}: Gemini has no refusal field; the earlier refusal was sent as assistant text`,
      });
    }
    return parts;
  }

  private parseArguments(text: string, param: string): Record<string, unknown> {
    if (text.trim() === '') return {};
    const args = parseJsonObject(text);
    if (args === undefined) {
      throw new InvalidRequestError({
        message: `${param}: the tool call arguments are not a JSON object; Gemini needs them as one.`,
        param: `${param}.arguments`,
      });
    }
    return args;
  }

  private convertToolResult(message: ToolMessage, param: string): GeminiPart[] {
    const name = this.toolNames.get(message.toolCallId);
    if (name === undefined) {
      throw new InvalidRequestError({
        message: `${param}: no earlier assistant tool call has the id ${message.toolCallId}; Gemini needs the tool name of every result.`,
        param: `${param}.tool_call_id`,
      });
    }
    let text = '';
    const imageParts: GeminiPart[] = [];
    message.content.forEach((part, index) => {
      if (part.type === 'text') text += part.text;
      else {
        const partParam = `${param}.content[${index}]`;
        imageParts.push(
          convertToGeminiDataPart(part.source, { kind: 'image', param: partParam }, this.warnings),
        );
        this.warnings.push({
          type: 'compatibility',
          feature: 'tool-result-image',
          detail: `${partParam}: a function response carries no images; the image was sent as a user part after it`,
        });
      }
    });
    const object = text.trimStart().startsWith('{') ? parseJsonObject(text) : undefined;
    let response: Record<string, unknown> = object ?? { content: text };
    if (message.isError === true) {
      response = { error: object ?? text };
      this.warnings.push({
        type: 'compatibility',
        feature: 'tool-result-error',
        detail: `${param}: Gemini has no error flag on function responses; the result was wrapped as {"error": …}`,
      });
    }
    const { id, fromUpstream } = decodeGeminiToolCallId(message.toolCallId);
    const functionResponse: Record<string, unknown> = { name, response };
    if (fromUpstream) functionResponse.id = id;
    return [{ functionResponse }, ...imageParts];
  }

  finish(): GeminiContents {
    const { warnings } = this;
    if (this.movedSystem) {
      warnings.push({
        type: 'compatibility',
        feature: 'system-message-position',
        detail:
          'Gemini takes one system instruction; system messages from later in the conversation were moved into it',
      });
    }
    if (this.droppedNames) {
      warnings.push({
        type: 'unsupported',
        feature: 'message-name',
        detail: 'Gemini has no participant names; the name of a message was not sent',
      });
    }
    if (this.droppedReasoning) {
      warnings.push({
        type: 'compatibility',
        feature: 'reasoning-history',
        detail: 'reasoning without a Gemini thought signature is not sent back to Gemini',
      });
    }
    const result: GeminiContents = { contents: this.contents };
    if (this.systemTexts.length > 0)
      result.systemInstruction = { parts: [{ text: this.systemTexts.join('\n\n') }] };
    return result;
  }
}

/**
 * Canonical messages → Gemini `contents` and `systemInstruction` (WIRE-FORMATS §5.2): system and developer messages
 * become the one system instruction (joined with blank lines); user turns stay `user`, assistant turns become `model`,
 * tool results become `functionResponse` parts of a `user` turn, and consecutive turns of the same role are merged.
 * Thought signatures are restored from reasoning parts and from the tool call ids they were packed into.
 */
export function convertToGeminiContents(messages: readonly Message[], warnings: Warning[]): GeminiContents {
  const builder = new ContentsBuilder(warnings);
  messages.forEach((message, index) => {
    builder.add(message, index);
  });
  return builder.finish();
}
