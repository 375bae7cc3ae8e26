package io.laurel.tier.domain;

import io.laurel.platform.error.Violations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * List paging as the conventions say (AIP-158): page_size 0 = 50, above 100 = 100, negative
 * refused; an opaque page_token carrying the keyset position and bound to the request's filters.
 */
public final class Paging {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 100;
    private static final String SEPARATOR = "\u001f";

    private Paging() {
    }

    /** The page size to use; records a violation of {@code page_size} when negative. */
    public static int pageSize(int requested, Violations v) {
        v.require(requested >= 0, "page_size", "must not be negative (0 means the default, " + DEFAULT_PAGE_SIZE + ")");
        if (requested <= 0) {
            return DEFAULT_PAGE_SIZE;
        }
        return Math.min(requested, MAX_PAGE_SIZE);
    }

    /** A fingerprint of the request fields a token is bound to. */
    public static String fingerprint(String... filters) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(SEPARATOR, filters).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A token for the position after {@code position}, bound to {@code fingerprint}. */
    public static String token(String fingerprint, String... position) {
        String plain = fingerprint + SEPARATOR + String.join(SEPARATOR, position);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position carried by {@code token} (empty list for the first page), or null after recording
     * a violation of {@code page_token} when it is malformed or was issued for other filters.
     */
    public static List<String> position(String token, String fingerprint, int parts, Violations v) {
        if (token.isEmpty()) {
            return List.of();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            v.add("page_token", "is not a token this list returned");
            return null;
        }
        List<String> fields = Arrays.asList(plain.split(SEPARATOR, -1));
        if (fields.size() != parts + 1) {
            v.add("page_token", "is not a token this list returned");
            return null;
        }
        if (!fields.get(0).equals(fingerprint)) {
            v.add("page_token", "was issued for a request with other filters; start again without a token");
            return null;
        }
        return fields.subList(1, fields.size());
    }
}
