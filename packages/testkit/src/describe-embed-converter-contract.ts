import {
  type EmbedConverter,
  type EmbedResult,
  type EncodeMeta,
  ERROR_CODES,
  InvalidRequestError,
  ModelmuxError,
  SerializedJson,
  UnsupportedFeatureError,
} from '@modelmux/core';
import { describe, expect, it } from 'vitest';

export interface EmbedConverterContractOptions {
  name: string;
  converter: EmbedConverter;
  /** Valid wire requests with the model reference and the number of inputs each names. */
  validRequests: Array<{ body: unknown; modelReference: string; inputCount: number }>;
  /** Invalid wire requests, each with the client-API name of the field the error must point at. */
  invalidRequests: Array<{ body: unknown; param: string }>;
  /** Checks one encoded body (e.g. against the API's published schema); returns problems. */
  checkResult: (body: unknown) => string[];
  /** Reads the vectors back out of an encoded body, in input order, as the API's clients would. */
  readVectors: (body: unknown) => number[][];
  /** Checks one encoded error body; returns problems. */
  checkError: (body: unknown) => string[];
}

const meta: EncodeMeta = { requestId: 'contract-1', modelReference: 'alias', createdAt: 1_767_225_600_000 };

/** Vectors exactly representable as float32, so every encoding must give them back unchanged. */
function resultFor(count: number): EmbedResult {
  return {
    embeddings: Array.from({ length: count }, (_, index) =>
      index % 2 === 0 ? [index, 0.5, -0.25] : new Float32Array([index, 0.5, -0.25]),
    ),
    usage: { inputTokens: 3 * count },
    warnings: [],
  };
}

/** The contract suite every embeddings API plugin's converter runs: decoding, encoding and every error code. */
export function describeEmbedConverterContract(options: EmbedConverterContractOptions): void {
  const { converter } = options;
  describe(`embed converter contract: ${options.name}`, () => {
    it.each(options.validRequests.map((request) => [request.modelReference, request] as const))(
      'decodes a valid request for %s',
      (_reference, request) => {
        const decoded = converter.decodeRequest(request.body, {});
        expect(decoded.modelReference).toBe(request.modelReference);
        expect(decoded.stream).toBe(false);
        expect(decoded.request.inputs).toHaveLength(request.inputCount);
      },
    );

    it.each(options.invalidRequests.map((request) => [request.param, request.body] as const))(
      'rejects an invalid request naming %s',
      (param, body) => {
        let caught: unknown;
        try {
          converter.decodeRequest(body, {});
        } catch (error) {
          caught = error;
        }
        expect(InvalidRequestError.isInstance(caught) || UnsupportedFeatureError.isInstance(caught)).toBe(
          true,
        );
        expect((caught as { param?: string }).param).toBe(param);
      },
    );

    it.each(options.validRequests.map((request) => [request.modelReference, request] as const))(
      'encodes the vectors for %s in input order, in a shape the API schema accepts',
      (_reference, request) => {
        const decoded = converter.decodeRequest(request.body, {});
        const result = resultFor(request.inputCount);
        const encoded = converter.encodeResult(result, meta, decoded);
        const body = SerializedJson.isInstance(encoded) ? JSON.parse(encoded.text) : encoded;
        expect(options.checkResult(body)).toEqual([]);
        expect(options.readVectors(body)).toEqual(result.embeddings.map((vector) => Array.from(vector)));
      },
    );

    it.each(Object.values(ERROR_CODES))('encodes %s with its HTTP status in the API error shape', (code) => {
      const encoded = converter.encodeError(new ModelmuxError({ code, message: `failure ${code}` }));
      expect(encoded.status).toBe(new ModelmuxError({ code, message: '' }).httpStatus);
      expect(options.checkError(encoded.body)).toEqual([]);
    });
  });
}
