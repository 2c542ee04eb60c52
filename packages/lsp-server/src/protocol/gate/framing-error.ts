/**
 * The client's byte stream cannot be framed any more (a missing, invalid or absurd
 * Content-Length): nothing after it can be trusted to start a message, so the connection
 * ends. The server turns it into its classified code (PC_SERVER_FRAMING).
 */
export class FramingError extends Error {
  override readonly name = 'FramingError';
}
