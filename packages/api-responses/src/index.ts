import { responsesApiPlugin } from './responses-api-plugin.js';

export default responsesApiPlugin;
export { convertResponsesInputItems } from './convert-responses-input-items.js';
export { decodeResponsesRequest, type ResponsesEncodeOptions } from './decode-responses-request.js';
export { encodeResponsesError } from './encode-responses-error.js';
export { encodeResponsesOutput, encodeResponsesResult } from './encode-responses-result.js';
export { ResponsesStreamEncoder } from './encode-responses-stream.js';
export { responsesConverter } from './responses-converter.js';
export { responsesStoredReplies } from './responses-stored-replies.js';
export { responsesApiPlugin };
