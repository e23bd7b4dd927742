export { resolveSecret, type SecretRef, secretRefSchema } from './secret-ref.js';
