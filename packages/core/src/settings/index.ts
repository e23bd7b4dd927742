export { type ImageDownloadSettings, imageDownloadSettingsSchema } from './image-download-settings.js';
export { resolveSecret, type SecretRef, secretRefSchema } from './secret-ref.js';
