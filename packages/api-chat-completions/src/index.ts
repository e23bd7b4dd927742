import { chatCompletionsApiPlugin } from './chat-completions-api-plugin.js';

export default chatCompletionsApiPlugin;
export { chatCompletionsConverter } from './chat-completions-converter.js';
export {
  type ChatCompletionsEncodeOptions,
  decodeChatCompletionsRequest,
} from './decode-chat-completions-request.js';
export { encodeChatCompletionsError } from './encode-chat-completions-error.js';
export { encodeChatCompletionsResult } from './encode-chat-completions-result.js';
export {
  ChatCompletionsStreamEncoder,
  encodeChatCompletionsErrorFrame,
} from './encode-chat-completions-stream.js';
export { encodeModelsList } from './encode-models-list.js';
export { parseDataUrl } from './parse-data-url.js';
export { chatCompletionsApiPlugin };
