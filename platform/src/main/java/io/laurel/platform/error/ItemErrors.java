package io.laurel.platform.error;

import java.util.HashMap;
import java.util.Map;

/**
 * Errors of one item of a batch request (e.g. {@code activities[3]}) that refuse the whole call: the
 * same code and reason as if the item had come alone, naming the item — its fields' paths prefixed,
 * or its path in the message and in {@code ErrorInfo.metadata} under {@code item}.
 */
public final class ItemErrors {

    private ItemErrors() {
    }

    /** {@code error} as raised for the item at {@code path}; unchanged when {@code path} is empty (a lone call). */
    public static LaurelException inItem(LaurelException error, String path) {
        if (path.isEmpty()) {
            return error;
        }
        return switch (error) {
            case InvalidArgumentException e -> new InvalidArgumentException(e.reason(), e.violations().stream()
                    .map(v -> new FieldViolation(path + "." + v.field(), v.description())).toList());
            case FailedPreconditionException e ->
                    new FailedPreconditionException(e.reason(), path + ": " + e.getMessage(), withItem(e, path));
            case ConflictException e -> new ConflictException(e.reason(), path + ": " + e.getMessage(), withItem(e, path));
            // their messages name the resource already
            case NotFoundException e -> e;
            case AlreadyExistsException e -> e;
            case UnauthenticatedException e -> e;
            case PermissionDeniedException e -> e;
            case UnavailableException e -> e;
        };
    }

    private static Map<String, String> withItem(LaurelException e, String path) {
        Map<String, String> metadata = new HashMap<>(e.metadata());
        metadata.put("item", path);
        return metadata;
    }

    /** The path of the {@code index}th element of the repeated field {@code field}: {@code activities[3]}. */
    public static String path(String field, int index) {
        return field + "[" + index + "]";
    }
}
