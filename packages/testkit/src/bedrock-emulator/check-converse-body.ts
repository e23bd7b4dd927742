import { sendValidationError } from './bedrock-error.js';
import type { BedrockExchange } from './bedrock-exchange.js';

/** The fields of a Converse body the emulator relies on once the body passed `checkConverseBody`. */
export interface ConverseRequestFields {
  messages: unknown[];
  system?: unknown;
  toolConfig?: unknown;
}

const ROLES: readonly unknown[] = ['user', 'assistant'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function usesTools(messages: readonly unknown[]): boolean {
  return messages.some((message) => {
    const content = isObject(message) ? message.content : undefined;
    return (
      Array.isArray(content) &&
      content.some((block) => isObject(block) && ('toolUse' in block || 'toolResult' in block))
    );
  });
}

function checkMessages(exchange: BedrockExchange, messages: readonly unknown[]): boolean {
  let previousRole: unknown;
  for (const [index, message] of messages.entries()) {
    if (!isObject(message) || !ROLES.includes(message.role))
      return sendValidationError(
        exchange,
        `1 validation error detected: Value at 'messages.${index + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`,
      );
    if (!Array.isArray(message.content))
      return sendValidationError(
        exchange,
        `1 validation error detected: Value null at 'messages.${index + 1}.member.content' failed to satisfy constraint: Member must not be null`,
      );
    if (index === 0 && message.role !== 'user')
      return sendValidationError(
        exchange,
        'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
      );
    if (message.role === previousRole)
      return sendValidationError(
        exchange,
        'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
      );
    previousRole = message.role;
  }
  return true;
}

/**
 * Checks a Converse / ConverseStream body where Bedrock would reject it: a JSON object, `messages` present, roles
 * `user`/`assistant` alternating from `user`, no `modelId` (it belongs in the path), and `toolConfig` present when
 * the history holds `toolUse` or `toolResult` blocks. Answers a 400 `ValidationException` and returns false if not.
 */
export function checkConverseBody(exchange: BedrockExchange, body: unknown): body is ConverseRequestFields {
  if (!isObject(body))
    return sendValidationError(
      exchange,
      'Malformed input request, please reformat your input and try again.',
    );
  if ('modelId' in body)
    return sendValidationError(
      exchange,
      'Unexpected field modelId in the request body: the model id belongs in the path (emulator check).',
    );
  if (!Array.isArray(body.messages))
    return sendValidationError(
      exchange,
      "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null",
    );
  if (!checkMessages(exchange, body.messages)) return false;
  if (body.toolConfig === undefined && usesTools(body.messages))
    return sendValidationError(
      exchange,
      'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
    );
  return true;
}
