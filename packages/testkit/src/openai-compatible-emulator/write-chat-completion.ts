import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import { type ChatCompletionEnvelope, chatCompletionJson } from './chat-completion-envelope.js';
import type { PreparedCompletion } from './prepare-completion.js';

/** Answers with a complete `chat.completion` body. `usageJson` is the resolved usage (`null`: none). */
export function writeChatCompletion(
  exchange: EmulatorExchange,
  prepared: PreparedCompletion,
  envelope: ChatCompletionEnvelope,
  usageJson: string | null,
): void {
  exchange.send(200, chatCompletionJson(envelope, prepared.choicesJson, usageJson));
}
