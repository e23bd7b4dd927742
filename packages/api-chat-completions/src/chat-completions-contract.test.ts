import { describeConverterContract, validateOpenAiSchema } from '@modelmux/testkit';
import { chatCompletionsConverter } from './chat-completions-converter.js';

const messages = [{ role: 'user', content: 'Hello' }];

describeConverterContract({
  name: '@modelmux/api-chat-completions',
  converter: chatCompletionsConverter,
  validRequests: [
    { body: { model: 'fast', messages }, modelReference: 'fast', stream: false },
    {
      body: { model: 'vllm:qwen3', messages, stream: true, stream_options: { include_usage: true } },
      modelReference: 'vllm:qwen3',
      stream: true,
    },
  ],
  invalidRequests: [
    { body: { messages }, param: 'model' },
    {
      body: { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url' }] }] },
      param: 'messages[0].content[0].image_url',
    },
    { body: { model: 'm', messages, top_p: 2 }, param: 'top_p' },
  ],
  checkResult: (body) => validateOpenAiSchema('CreateChatCompletionResponse', body),
  checkFrame: (frame) =>
    frame.data === '[DONE]'
      ? []
      : validateOpenAiSchema(
          frame.data.startsWith('{"error"') ? 'ErrorResponse' : 'CreateChatCompletionStreamResponse',
          JSON.parse(frame.data),
        ),
  checkError: (body) => validateOpenAiSchema('ErrorResponse', body),
});
