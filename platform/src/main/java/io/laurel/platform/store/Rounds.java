package io.laurel.platform.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * How a batch RPC applies many items in one transaction as if each had come alone: in rounds that
 * hold each key (a customer, a request id, a business key …) at most once, so one round's items can
 * be read and written together, and items sharing a key follow each other in request order.
 */
public final class Rounds {

    private Rounds() {
    }

    /**
     * The positions 0..{@code n}-1 in rounds: an item goes in the round after the last one holding any
     * of its keys ({@code keysOf}; keys of different kinds must not collide, e.g. prefix them).
     */
    public static List<List<Integer>> of(int n, IntFunction<List<String>> keysOf) {
        Map<String, Integer> lastRound = new HashMap<>();
        List<List<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> keys = keysOf.apply(i);
            int round = keys.stream().mapToInt(k -> lastRound.getOrDefault(k, -1)).max().orElse(-1) + 1;
            keys.forEach(k -> lastRound.put(k, round));
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        return rounds;
    }
}
