import { parseDataUrl } from '@modelmux/api-chat-completions';
import {
  type AssistantContentPart,
  InvalidRequestError,
  type Message,
  type ToolResultContentPart,
  UnsupportedFeatureError,
  type UserContentPart,
  type Warning,
} from '@modelmux/core';
import { openReasoningSeal } from './reasoning-encrypted-content.js';

type Item = Record<string, unknown>;

function invalid(message: string, param: string): InvalidRequestError {
  return new InvalidRequestError({ message, param });
}

function isObject(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(item: Item, field: string, param: string): string {
  const value = item[field];
  if (typeof value !== 'string') throw invalid(`'${param}.${field}' must be a string.`, `${param}.${field}`);
  return value;
}

function imagePart(part: Item, param: string): UserContentPart {
  const detail = part.detail;
  const hint: { detail?: 'low' | 'high' | 'auto' } =
    detail === 'low' || detail === 'high' || detail === 'auto' ? { detail } : {};
  if (typeof part.file_id === 'string')
    return { type: 'image', source: { kind: 'file-id', fileId: part.file_id }, ...hint };
  const url = part.image_url;
  if (typeof url !== 'string')
    throw invalid(`'${param}' needs image_url (an http(s) or data URL) or file_id.`, `${param}.image_url`);
  const data = parseDataUrl(url);
  if (data !== undefined) return { type: 'image', source: { kind: 'base64', ...data }, ...hint };
  if (!/^https?:\/\//i.test(url))
    throw invalid(`'${param}.image_url' must be an http(s) or data URL.`, `${param}.image_url`);
  return { type: 'image', source: { kind: 'url', url }, ...hint };
}

function filePart(part: Item, param: string): UserContentPart {
  const filename = typeof part.filename === 'string' ? part.filename : undefined;
  const named = filename === undefined ? {} : { filename };
  if (typeof part.file_id === 'string')
    return { type: 'file', source: { kind: 'file-id', fileId: part.file_id }, ...named };
  if (typeof part.file_url === 'string')
    return { type: 'file', source: { kind: 'url', url: part.file_url }, ...named };
  if (typeof part.file_data === 'string') {
    const data = parseDataUrl(part.file_data) ?? {
      mediaType: 'application/octet-stream',
      data: part.file_data,
    };
    return { type: 'file', source: { kind: 'base64', ...data }, ...named };
  }
  throw invalid(`'${param}' needs file_id, file_url or file_data.`, param);
}

/** A user/system message's content: a string, or input_text / input_image / input_file parts. */
function userContent(content: unknown, param: string): UserContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content))
    throw invalid(`'${param}' must be a string or an array of content parts.`, param);
  return content.map((part, index) => {
    const where = `${param}[${index}]`;
    if (!isObject(part)) throw invalid(`'${where}' must be an object.`, where);
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return { type: 'text', text: requireString(part, 'text', where) };
      case 'input_image':
        return imagePart(part, where);
      case 'input_file':
        return filePart(part, where);
      default:
        throw invalid(
          `'${where}.type' ${JSON.stringify(part.type)} is not a content part this API accepts.`,
          `${where}.type`,
        );
    }
  });
}

function textOf(parts: UserContentPart[], param: string): string {
  return parts
    .map((part, index) => {
      if (part.type !== 'text')
        throw invalid(`'${param}[${index}]': instructions take text only.`, `${param}[${index}]`);
      return part.text;
    })
    .join('');
}

function toolOutput(output: unknown, param: string): ToolResultContentPart[] {
  if (typeof output === 'string') return [{ type: 'text', text: output }];
  return userContent(output, param).map((part, index) => {
    if (part.type === 'file')
      throw new UnsupportedFeatureError({
        feature: 'tool-output-file',
        message: 'Files in function_call_output cannot be passed on; send text or images.',
        param: `${param}[${index}]`,
      });
    return part;
  });
}

/**
 * Responses API input items → canonical messages, in order. Consecutive assistant items (output messages, function
 * calls, reasoning) become one assistant turn; `function_call_output` items become tool messages correlated by
 * `call_id`; reasoning items sealed by this gateway restore their signature. `item_reference` needs the store and is
 * refused here. Warnings are added for what cannot be carried exactly.
 */
export function convertResponsesInputItems(
  items: readonly unknown[],
  param: string,
  warnings: Warning[],
  /**
   * Looks up the item an `item_reference` names (in the gateway's store). Without it references are refused;
   * returning undefined leaves the reference out (decoding collects the ids this way, before the store is read).
   */
  resolveReference?: (id: string, where: string) => Item | undefined,
): Message[] {
  const messages: Message[] = [];
  let assistant: AssistantContentPart[] | undefined;
  const flushAssistant = () => {
    if (assistant !== undefined && assistant.length > 0)
      messages.push({ role: 'assistant', content: assistant });
    assistant = undefined;
  };
  const assistantParts = () => {
    assistant ??= [];
    return assistant;
  };
  const addItem = (raw: unknown, where: string): void => {
    if (!isObject(raw)) throw invalid(`'${where}' must be an object.`, where);
    const type = raw.type ?? (raw.role !== undefined ? 'message' : undefined);
    switch (type) {
      case 'message': {
        const role = raw.role;
        if (role === 'assistant') {
          const content = raw.content;
          if (typeof content === 'string') assistantParts().push({ type: 'text', text: content });
          else if (Array.isArray(content)) {
            content.forEach((part, partIndex) => {
              const partWhere = `${where}.content[${partIndex}]`;
              if (!isObject(part)) throw invalid(`'${partWhere}' must be an object.`, partWhere);
              if (part.type === 'output_text' || part.type === 'input_text')
                assistantParts().push({ type: 'text', text: requireString(part, 'text', partWhere) });
              else if (part.type === 'refusal')
                assistantParts().push({ type: 'text', text: requireString(part, 'refusal', partWhere) });
              else
                throw invalid(
                  `'${partWhere}.type' ${JSON.stringify(part.type)} cannot be in an assistant message.`,
                  `${partWhere}.type`,
                );
            });
          } else throw invalid(`'${where}.content' must be a string or an array.`, `${where}.content`);
          return;
        }
        flushAssistant();
        if (role === 'user') {
          messages.push({ role: 'user', content: userContent(raw.content, `${where}.content`) });
          return;
        }
        if (role === 'system' || role === 'developer') {
          messages.push({
            role: 'system',
            content: textOf(userContent(raw.content, `${where}.content`), `${where}.content`),
            variant: role,
          });
          return;
        }
        throw invalid(`'${where}.role' must be user, assistant, system or developer.`, `${where}.role`);
      }
      case 'function_call':
        assistantParts().push({
          type: 'tool-call',
          callId: requireString(raw, 'call_id', where),
          toolName: requireString(raw, 'name', where),
          arguments: requireString(raw, 'arguments', where),
        });
        return;
      case 'reasoning': {
        const content = Array.isArray(raw.content) ? raw.content : [];
        const summary = Array.isArray(raw.summary) ? raw.summary : [];
        const texts = (content.length > 0 ? content : summary)
          .map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
          .join('');
        const seal =
          typeof raw.encrypted_content === 'string' ? openReasoningSeal(raw.encrypted_content) : undefined;
        if (typeof raw.encrypted_content === 'string' && seal === undefined)
          warnings.push({
            type: 'unsupported',
            feature: 'reasoning.encrypted_content',
            detail: `${where}: not written by this gateway; sent as plain reasoning`,
          });
        assistantParts().push({ type: 'reasoning', text: texts, ...seal });
        return;
      }
      case 'function_call_output':
        flushAssistant();
        messages.push({
          role: 'tool',
          toolCallId: requireString(raw, 'call_id', where),
          content: toolOutput(raw.output, `${where}.output`),
        });
        return;
      case 'item_reference': {
        const id = requireString(raw, 'id', where);
        if (resolveReference === undefined)
          throw new UnsupportedFeatureError({
            feature: 'item_reference',
            message:
              'item_reference inputs need the response store; send the items themselves or use previous_response_id.',
            param: where,
          });
        const item = resolveReference(id, where);
        if (item !== undefined && item.type !== 'item_reference') addItem(item, where);
        return;
      }
      default:
        throw new UnsupportedFeatureError({
          feature: String(type),
          message: `Input items of type ${JSON.stringify(type)} cannot be sent to the models behind this gateway.`,
          param: `${where}.type`,
        });
    }
  };
  for (const [index, raw] of items.entries()) addItem(raw, `${param}[${index}]`);
  flushAssistant();
  return messages;
}
