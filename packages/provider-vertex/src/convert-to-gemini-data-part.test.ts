import type { DataSource, Warning } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { convertToGeminiDataPart } from './convert-to-gemini-data-part.js';

const param = 'messages[0].content[1]';

describe('convertToGeminiDataPart', () => {
  it.each<[string, DataSource, 'image' | 'file', string | undefined, Record<string, unknown>, Warning[]]>([
    [
      'base64 image',
      { kind: 'base64', mediaType: 'image/png', data: 'iVBO' },
      'image',
      undefined,
      { inlineData: { mimeType: 'image/png', data: 'iVBO' } },
      [],
    ],
    [
      'base64 file',
      { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' },
      'file',
      'a.pdf',
      { inlineData: { mimeType: 'application/pdf', data: 'JVBE' } },
      [],
    ],
    [
      'https image with a query string',
      { kind: 'url', url: 'https://example.test/cat.JPG?size=large#top' },
      'image',
      undefined,
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.test/cat.JPG?size=large#top' } },
      [],
    ],
    [
      'gs:// file',
      { kind: 'url', url: 'gs://bucket/reports/q3.pdf' },
      'file',
      undefined,
      { fileData: { mimeType: 'application/pdf', fileUri: 'gs://bucket/reports/q3.pdf' } },
      [],
    ],
    [
      'a file URL without extension but with a file name',
      { kind: 'url', url: 'https://example.test/download/42' },
      'file',
      'talk.mp3',
      { fileData: { mimeType: 'audio/mpeg', fileUri: 'https://example.test/download/42' } },
      [],
    ],
    [
      'an image URL without a known extension',
      { kind: 'url', url: 'https://example.test/image?id=7' },
      'image',
      undefined,
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.test/image?id=7' } },
      [{ type: 'compatibility', feature: 'image-media-type', detail: expect.stringContaining(param) }],
    ],
    [
      'a file URL without a known extension',
      { kind: 'url', url: 'gs://bucket/blob.bin' },
      'file',
      undefined,
      { fileData: { mimeType: 'application/octet-stream', fileUri: 'gs://bucket/blob.bin' } },
      [{ type: 'compatibility', feature: 'file-media-type', detail: expect.any(String) }],
    ],
  ])('%s', (_name, source, kind, filename, expected, expectedWarnings) => {
    const warnings: Warning[] = [];
    expect(convertToGeminiDataPart(source, { kind, filename, param }, warnings)).toEqual(expected);
    expect(warnings).toEqual(expectedWarnings);
  });

  it.each<[string, DataSource, 'image' | 'file', string]>([
    ['a file id', { kind: 'file-id', fileId: 'file-1' }, 'file', 'file-file-id'],
    ['an image file id', { kind: 'file-id', fileId: 'file-1' }, 'image', 'image-file-id'],
    ['an http URL', { kind: 'url', url: 'http://example.test/a.png' }, 'image', 'image-url'],
    ['an ftp URL', { kind: 'url', url: 'ftp://example.test/a.pdf' }, 'file', 'file-url'],
  ])('refuses %s', (_name, source, kind, feature) => {
    expect(() => convertToGeminiDataPart(source, { kind, param }, [])).toThrow(
      expect.objectContaining({ code: 'MMX_FEATURE_UNSUPPORTED', feature, param, httpStatus: 400 }),
    );
  });
});
