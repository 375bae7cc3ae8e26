package io.laurel.program.domain.milestone;

import io.laurel.platform.error.Violations;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * List paging as the conventions say (AIP-158): page_size 0 → 50, above 100 → 100, negative is
 * invalid; the page token is opaque, carries the keyset position of the last item served and is
 * bound to the request's other fields (a token reused with other filters is invalid).
 */
public final class Paging {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 100;

    private static final String SEPARATOR = "\u001f";

    private Paging() {
    }

    /** The page size to serve; records a violation on {@code page_size} when it is negative. */
    public static int size(int requested, Violations v) {
        v.require(requested >= 0, "page_size", "must not be negative (0 means the default, " + DEFAULT_SIZE + ")");
        return requested <= 0 ? DEFAULT_SIZE : Math.min(requested, MAX_SIZE);
    }

    /**
     * The keyset position in {@code token} (empty list for the first page), with {@code keyParts}
     * parts; records a violation on {@code page_token} when it is malformed or made for other filters.
     */
    public static List<String> position(String token, String filters, int keyParts, Violations v) {
        if (token.isEmpty()) {
            return List.of();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            List<String> parts = List.of(decoded.split(SEPARATOR, -1));
            if (parts.size() == keyParts + 1 && parts.get(0).equals(filters)) {
                return parts.subList(1, parts.size());
            }
        } catch (IllegalArgumentException malformed) {
            // reported below
        }
        v.add("page_token", "is not a token from a previous page of this same request");
        return List.of();
    }

    /** The token for the page after the item whose keyset position is {@code key}. */
    public static String token(String filters, List<String> key) {
        String joined = filters + SEPARATOR + String.join(SEPARATOR, key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }
}
