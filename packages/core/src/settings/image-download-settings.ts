import { z } from 'zod';

/**
 * Settings for fetching image URLs that an upstream will not fetch itself (off by default): a size cap and a
 * timeout; private, loopback and link-local addresses are always refused.
 */
export const imageDownloadSettingsSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    max_bytes: z
      .int()
      .positive()
      .default(5 * 1024 * 1024),
    timeout_ms: z.int().positive().default(10_000),
  })
  .prefault({});

export type ImageDownloadSettings = z.infer<typeof imageDownloadSettingsSchema>;
