/**
 * The keys the Bedrock emulator verifies every SigV4 signature with (`start-upstream.mjs`) and the gateway's
 * `bedrock` provider signs with (`start-gateway-bedrock-target.mjs`): fixed, so that they match across processes.
 */
export const BEDROCK_CREDENTIALS = Object.freeze({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'bench-secret',
});
