package io.laurel.platform.grpc;

import com.google.protobuf.Message;
import io.laurel.platform.error.Violations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * List-RPC paging as {@code laurel/common/v1/conventions.proto} defines it: page sizes (0 = 50,
 * above 100 = 100, negative refused) and opaque keyset page tokens bound to the request's other
 * fields. A token carries the last key of the previous page and a fingerprint of the request
 * (its type and every field but {@code page_size}, {@code page_token} and {@code request_id});
 * reusing it with other filters, or on another list RPC, is refused.
 */
public final class Paging {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 100;

    private static final String NOT_A_TOKEN = "is not a page token of this RPC";

    private Paging() {
    }

    /** The effective page size: 0 means the default, more than the most is capped (a negative one is refused by every contract). */
    public static int pageSize(int requested) {
        return requested <= 0 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
    }

    /**
     * The key a {@code page_token} carries, empty for the first page. A token that is not one of
     * ours, or was issued for a request with other filters, is recorded as a violation of
     * {@code page_token}.
     */
    public static Optional<List<String>> after(Violations v, Message request) {
        String token = (String) request.getField(request.getDescriptorForType().findFieldByName("page_token"));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getUrlDecoder().decode(token)));
            long fingerprint = in.readLong();
            int count = in.readUnsignedByte();
            List<String> key = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                key.add(in.readUTF());
            }
            if (in.available() != 0 || fingerprint != fingerprint(request)) {
                v.add("page_token", "was issued for a request with other filters");
                return Optional.empty();
            }
            return Optional.of(key);
        } catch (IOException | IllegalArgumentException e) {
            v.add("page_token", NOT_A_TOKEN);
            return Optional.empty();
        }
    }

    /**
     * The key a {@code page_token} carries, read by {@code parse}: empty for the first page. Besides
     * {@link #after(Violations, Message)}'s checks, a key that has not {@code keyParts} parts or
     * that {@code parse} rejects (any runtime exception) is recorded as a violation of
     * {@code page_token}, so a forged token is INVALID_ARGUMENT, never INTERNAL.
     */
    public static <T> Optional<T> after(Violations v, Message request, int keyParts, Function<List<String>, T> parse) {
        Optional<List<String>> key = after(v, request);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (key.get().size() == keyParts) {
                return Optional.of(parse.apply(key.get()));
            }
        } catch (RuntimeException unparsable) {
            // refused below, like any other foreign token
        }
        v.add("page_token", NOT_A_TOKEN);
        return Optional.empty();
    }

    /**
     * One page of a list RPC: the items to return and the {@code next_page_token} that continues
     * after them (empty on the last page).
     */
    public record Page<T>(List<T> items, String nextPageToken) {
    }

    /**
     * Cuts {@code rows}, read with a limit of {@code size + 1}, into the page to return: at most
     * {@code size} items and, when the extra row shows that more follow, a token continuing after
     * the last item returned, whose key {@code keyOf} gives.
     */
    public static <T> Page<T> page(Message request, List<T> rows, int size, Function<? super T, List<String>> keyOf) {
        if (rows.size() <= size) {
            return new Page<>(rows, "");
        }
        List<T> items = rows.subList(0, size);
        return new Page<>(items, next(request, keyOf.apply(items.get(size - 1))));
    }

    /** The {@code next_page_token} continuing after {@code lastKey} for this request. */
    public static String next(Message request, List<String> lastKey) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(fingerprint(request));
            out.writeByte(lastKey.size());
            for (String part : lastKey) {
                out.writeUTF(part);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    private static long fingerprint(Message request) {
        Message.Builder filters = request.toBuilder();
        for (String field : List.of("page_token", "page_size", "request_id")) {
            var descriptor = request.getDescriptorForType().findFieldByName(field);
            if (descriptor != null) {
                filters.clearField(descriptor);
            }
        }
        CRC32 crc = new CRC32();
        // the message name too: two list RPCs with the same filters must not take each other's tokens
        crc.update(request.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8));
        crc.update(filters.build().toByteArray());
        return crc.getValue();
    }
}
