package io.laurel.program.app;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.function.Function;

/**
 * A mutating call as the use cases run it: its idempotency key and whole request (a retry replays
 * the stored response), and how the endpoint answers with the resource the change produced.
 *
 * @param <R> the resource the change produces (a program's or the settings' proto)
 * @param <T> the RPC's response
 */
public record Idempotent<R, T extends Message>(String requestId, Message request, Parser<T> parser,
                                                Function<R, T> respond) {
}
