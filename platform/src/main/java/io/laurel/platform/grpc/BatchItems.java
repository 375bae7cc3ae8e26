package io.laurel.platform.grpc;

import io.laurel.platform.error.ItemErrors;
import io.laurel.platform.error.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The items of a batch request of one store (e.g. {@code activities}, {@code orders}), checked and mapped one by one. */
public final class BatchItems {

    private BatchItems() {
    }

    /** Maps one item, recording its faults into {@code violations} (already scoped to the item). */
    @FunctionalInterface
    public interface Mapper<I, T> {
        T map(I item, Violations violations, String path);
    }

    /**
     * Maps every item of the repeated field {@code field}: each item's faults are recorded under {@code field[i].},
     * among them a store_id other than the batch's; {@code path} is {@code field[i]}, for errors found later.
     */
    public static <I, T> List<T> ofOneStore(Violations v, String field, String storeId, List<I> items,
                                            Function<I, String> storeOf, Mapper<I, T> mapper) {
        List<T> mapped = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            I item = items.get(i);
            Violations scoped = v.at(field, i);
            scoped.require(storeOf.apply(item).equals(storeId), "store_id", "must equal the batch's store_id");
            mapped.add(mapper.map(item, scoped, ItemErrors.path(field, i)));
        }
        return mapped;
    }
}
