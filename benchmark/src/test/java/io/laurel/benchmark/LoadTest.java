package io.laurel.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadTest {

    @Test
    void aCountedLoadMakesEachCallOnceAcrossCallers() throws Exception {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        Load.Result result = Load.calls(4, 1_000, i -> assertThat(seen.add(i)).isTrue());
        assertThat(result.calls()).isEqualTo(1_000);
        assertThat(seen).hasSize(1_000).contains(0, 999);
    }

    @Test
    void theFirstFailureStopsTheLoadAndIsThrown() {
        assertThatThrownBy(() -> Load.calls(2, 1_000, i -> {
            if (i == 10) {
                throw new IllegalStateException("call 10");
            }
        })).hasMessage("call 10");
    }

    @Test
    void aTimedLoadStopsByItselfAndCountsWhatItDid() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Load.Result result = Load.during(2, Duration.ofMillis(50), i -> made.incrementAndGet());
        assertThat(result.calls()).isPositive().isEqualTo(made.get());
    }

    @Test
    void interleavedLoadsTakeTurnsAndEachCountsOnlyItsOwnCallsAndTime() throws Exception {
        List<String> turns = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger firsts = new AtomicInteger();
        AtomicInteger seconds = new AtomicInteger();
        long began = System.nanoTime();
        List<String> hooked = Collections.synchronizedList(new ArrayList<>());
        Load.Pair pair = Load.interleaved(1, Duration.ofMillis(400), 2, i -> {
            firsts.incrementAndGet();
            if (turns.isEmpty() || !turns.getLast().equals("a")) {
                turns.add("a");
            }
            Thread.sleep(1);
        }, i -> {
            seconds.incrementAndGet();
            if (!turns.getLast().equals("b")) {
                turns.add("b");
            }
            Thread.sleep(2);
        }, (side, starting) -> hooked.add((starting ? "start " : "end ") + side));
        assertThat(turns).containsExactly("a", "b", "a", "b");
        assertThat(hooked).containsExactly("start 0", "end 0", "start 1", "end 1", "start 0", "end 0", "start 1", "end 1");
        assertThat(pair.first().calls()).isEqualTo(firsts.get());
        assertThat(pair.second().calls()).isEqualTo(seconds.get());
        double wall = (System.nanoTime() - began) / 1e9;
        // each spent its two turns of 100 ms, and neither is billed the other's
        assertThat(pair.first().seconds()).isGreaterThanOrEqualTo(0.2);
        assertThat(pair.second().seconds()).isGreaterThanOrEqualTo(0.2);
        assertThat(pair.first().seconds() + pair.second().seconds()).isLessThanOrEqualTo(wall);
        assertThat(pair.second().p50Ms()).isGreaterThan(pair.first().p50Ms());
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertThat(Load.Result.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(Load.Result.percentile(sorted, 0.99)).isEqualTo(99);
        assertThat(Load.Result.percentile(new long[0], 0.99)).isZero();
        Load.Result r = Load.Result.of(List.of(new long[] {3_000_000, 1_000_000}, new long[] {2_000_000}), 1_000_000_000);
        assertThat(r.p50Ms()).isEqualTo(2.0);
        assertThat(r.perSecond()).isEqualTo(3.0);
    }

    @Test
    void aFigureIsJudgedByItsRatioToTheReference() {
        assertThat(Figure.atLeast("ingest", 3_000, "/s", "raw TPS", 1_000, 3).met()).isTrue();
        assertThat(Figure.atLeast("ingest", 2_999, "/s", "raw TPS", 1_000, 3).met()).isFalse();
        assertThat(Figure.atMost("p99", 2.1, "ms", "echo p99", 1.0, 2).met()).isFalse();
        assertThat(Figure.atLeast("ingest", 3_000, "/s", "raw TPS", 1_000, 3).row())
                .isEqualTo("| ingest | 3,000 /s | 1,000 /s (raw TPS) | 3.00× | ≥ 3× ✓ |");
    }

    @Test
    void optionsRefuseWhatTheyDoNotKnow() {
        assertThat(Bench.Options.parse(new String[] {"--async", "--scale=0.5", "ingest"}))
                .isEqualTo(new Bench.Options(false, true, Duration.ofSeconds(5), Duration.ofSeconds(10), false, 0.5,
                        List.of("ingest")));
        assertThat(Bench.Options.parse(new String[] {"--warmup=0", "--statements"}))
                .isEqualTo(new Bench.Options(false, false, Duration.ofSeconds(5), Duration.ZERO, true, 1,
                        List.of()));
        assertThatThrownBy(() -> Bench.Options.parse(new String[] {"--warmup=-1"})).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> Bench.Options.parse(new String[] {"--fast"})).hasMessageContaining("--fast");
        assertThatThrownBy(() -> Bench.Options.parse(new String[] {"--scale=0"})).hasMessageContaining("positive");
        assertThatThrownBy(() -> Bench.Options.parse(new String[] {"--seconds=x"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
