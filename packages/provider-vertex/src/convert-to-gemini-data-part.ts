import { type DataSource, UnsupportedFeatureError, type Warning } from '@modelmux/core';
import { guessGeminiMediaType } from './gemini-media-type.js';

// What Gemini is told when the media type cannot be guessed from the URL.
const FALLBACK_MEDIA_TYPES = { image: 'image/jpeg', file: 'application/octet-stream' } as const;

/**
 * An image or file → a Gemini part: base64 → `inlineData`; an `https://` or `gs://` URL → `fileData` with the media
 * type guessed from the extension (a warning when it cannot be). File ids and other URL schemes are refused.
 */
export function convertToGeminiDataPart(
  source: DataSource,
  options: { kind: 'image' | 'file'; filename?: string; param: string },
  warnings: Warning[],
): Record<string, unknown> {
  const { kind, param } = options;
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  if (source.kind === 'file-id') {
    throw new UnsupportedFeatureError({
      feature: `${kind}-file-id`,
      message: `Gemini on Vertex cannot take a ${kind} by file id; send it inline (base64) or as an https:// or gs:// URL.`,
      param,
    });
  }
  const { url } = source;
  if (!url.startsWith('https://') && !url.startsWith('gs://')) {
    throw new UnsupportedFeatureError({
      feature: `${kind}-url`,
      message: `Gemini on Vertex reads ${kind}s only from https:// or gs:// URLs; send this one inline (base64).`,
      param,
    });
  }
  let mimeType = guessGeminiMediaType(url, options.filename);
  if (mimeType === undefined) {
    mimeType = FALLBACK_MEDIA_TYPES[kind];
    warnings.push({
      type: 'compatibility',
      feature: `${kind}-media-type`,
      detail: `${param}: the URL has no known file extension; the ${kind} was sent as ${mimeType}`,
    });
  }
  return { fileData: { mimeType, fileUri: url } };
}
