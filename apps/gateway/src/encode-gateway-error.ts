import { encodeChatCompletionsError } from '@modelmux/api-chat-completions';

/** Errors outside any API route (unknown URL, health) use OpenAI's shape, which every served API shares. */
export const encodeGatewayError = encodeChatCompletionsError;
