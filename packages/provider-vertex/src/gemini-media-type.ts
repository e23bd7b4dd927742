// Media types Gemini on Vertex reads, by file extension.
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  md: 'text/markdown',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  mpeg: 'video/mpeg',
  mov: 'video/quicktime',
  webm: 'video/webm',
  avi: 'video/x-msvideo',
};

function extension(path: string): string | undefined {
  const end = path.search(/[?#]/);
  const clean = end < 0 ? path : path.slice(0, end);
  const name = clean.slice(clean.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : name.slice(dot + 1).toLowerCase();
}

/** The media type of a file from the extension of its URL (or, failing that, its file name); undefined if unknown. */
export function guessGeminiMediaType(url: string, filename?: string): string | undefined {
  const fromUrl = extension(url);
  if (fromUrl !== undefined && MEDIA_TYPES[fromUrl] !== undefined) return MEDIA_TYPES[fromUrl];
  const fromName = filename === undefined ? undefined : extension(filename);
  return fromName === undefined ? undefined : MEDIA_TYPES[fromName];
}
