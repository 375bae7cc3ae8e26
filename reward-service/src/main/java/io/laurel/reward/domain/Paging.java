package io.laurel.reward.domain;

/** Page sizes (conventions: Paging): 0 means 50, above 100 means 100; negative is invalid. */
public final class Paging {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 100;

    private Paging() {
    }

    public static int size(int requested) {
        return requested == 0 ? DEFAULT_SIZE : Math.min(requested, MAX_SIZE);
    }
}
