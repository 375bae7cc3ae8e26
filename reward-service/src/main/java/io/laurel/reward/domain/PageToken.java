package io.laurel.reward.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Opaque keyset page tokens (conventions: Paging): the position after the last item served, bound
 * to the request's other fields (the {@code binding}) so a token reused with different filters is
 * refused. Position parts may be any strings.
 */
public final class PageToken {

    private static final String VERSION = "1";

    private PageToken() {
    }

    public static String encode(String binding, List<String> position) {
        String raw = VERSION + "|" + fingerprint(binding) + "|" + String.join("|", position.stream().map(PageToken::part).toList());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The position in {@code token}; empty when it is malformed or was made for another binding. */
    public static Optional<List<String>> decode(String token, String binding, int parts) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            List<String> fields = Arrays.asList(raw.split("\\|", -1));
            if (fields.size() != parts + 2 || !VERSION.equals(fields.get(0))
                    || !fingerprint(binding).equals(fields.get(1))) {
                return Optional.empty();
            }
            return Optional.of(fields.subList(2, fields.size()).stream()
                    .map(f -> new String(Base64.getUrlDecoder().decode(f), StandardCharsets.UTF_8)).toList());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String part(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String fingerprint(String binding) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(binding.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
