/**
 * Diagnostics written as the worker serialised them. A note's diagnostics are some 200 KB of JSON
 * (391 findings in the 100 KB bench note): cloning the findings from the worker, converting them
 * and stringifying them on the protocol thread cost milliseconds on every keystroke. The worker
 * builds the whole message instead (lsp/diagnostic.ts `preparePublication`), and the server sends
 * a `PreparedParams` as the notification's params: the connection's writer (`preparedWriter`) frames
 * its bytes as they are; any other writer (IPC, a tracer) serialises it through `toJSON`, which
 * gives the same params.
 */
import {
  StreamMessageWriter, type ContentTypeEncoder, type ContentTypeEncoderOptions, type MessageWriter, type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { messagePrefix, type PreparedPublication } from './diagnostic';

const PREPARED = Symbol('prepared publication');
const decoder = new TextDecoder();

/** publishDiagnostics params whose message text is already made. */
export interface PreparedParams {
  uri: string;
  version: number;
  readonly [PREPARED]: PreparedPublication;
  /** The params as objects (what a writer that does not know them serialises). */
  toJSON(): PublishDiagnosticsParams;
}

export function preparedParams(publication: PreparedPublication): PreparedParams {
  return {
    uri: publication.uri,
    version: publication.version,
    [PREPARED]: publication,
    toJSON: () => JSON.parse(decoder.decode(publication.bytes.subarray(...publication.params))) as PublishDiagnosticsParams,
  };
}

/** The prepared message text of `message`, when it is a notification with prepared params and nothing else. */
export function preparedBytes(message: unknown): Uint8Array | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { jsonrpc, method, params } = message as { jsonrpc?: unknown; method?: unknown; params?: unknown };
  const publication = typeof params === 'object' && params !== null ? (params as Partial<PreparedParams>)[PREPARED] : undefined;
  if (!publication || typeof jsonrpc !== 'string' || typeof method !== 'string' || Object.keys(message).join() !== 'jsonrpc,method,params') return undefined;
  // The worker's text starts with the same `{"jsonrpc":…,"method":…,"params":` (else: serialise as usual).
  const prefix = messagePrefix(jsonrpc, method);
  if (publication.params[0] !== prefix.length || decoder.decode(publication.bytes.subarray(0, prefix.length)) !== prefix) return undefined;
  return publication.bytes;
}

/** The connection's JSON encoder (what vscode-jsonrpc does) that writes prepared messages as they are. */
export const preparedJsonEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(message: unknown, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
    try {
      return Promise.resolve(preparedBytes(message) ?? Buffer.from(JSON.stringify(message, undefined, 0), options.charset));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};

/** A stream writer (Content-Length framing, one message at a time) that writes prepared messages as they are. */
export function preparedWriter(stream: NodeJS.WritableStream): MessageWriter {
  return new StreamMessageWriter(stream, { charset: 'utf-8', contentTypeEncoder: preparedJsonEncoder });
}
