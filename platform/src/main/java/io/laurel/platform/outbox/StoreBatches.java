package io.laurel.platform.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The grouping batchings of one-store RPCs share: messages of one store together, up to a size per call. */
final class StoreBatches {

    private StoreBatches() {
    }

    /** A message's store and how many items it carries. */
    record Sized(String store, int items) {
    }

    /**
     * Splits {@code messages} into groups of one store each, in order, each carrying at most {@code max}
     * items; a message whose payload cannot be read ({@code sizeOf} gives null) goes alone, for the
     * receiver to say what is wrong with it.
     */
    static List<List<OutboxMessage>> group(List<OutboxMessage> messages, Function<OutboxMessage, Sized> sizeOf,
                                           int max) {
        record Open(List<OutboxMessage> members, int items) {
        }
        Map<String, List<Open>> byStore = new LinkedHashMap<>();
        List<List<OutboxMessage>> alone = new ArrayList<>();
        for (OutboxMessage message : messages) {
            Sized sized = sizeOf.apply(message);
            if (sized == null) {
                alone.add(List.of(message));
                continue;
            }
            List<Open> groups = byStore.computeIfAbsent(sized.store(), k -> new ArrayList<>());
            int items = sized.items();
            Open current = groups.isEmpty() ? null : groups.getLast();
            if (current == null || current.items() + items > max) {
                current = new Open(new ArrayList<>(), 0);
            } else {
                groups.removeLast();
            }
            current.members().add(message);
            groups.add(new Open(current.members(), current.items() + items));
        }
        List<List<OutboxMessage>> all = new ArrayList<>(alone);
        byStore.values().forEach(groups -> groups.forEach(g -> all.add(g.members())));
        return all;
    }
}
