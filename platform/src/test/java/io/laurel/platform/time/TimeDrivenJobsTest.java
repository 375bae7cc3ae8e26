package io.laurel.platform.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Background jobs react to a moved clock as they would to real time passing: at once, reading the moved time. */
class TimeDrivenJobsTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.closeAndAwait();
    }

    @Test
    void aClockMoveRunsEveryJobAtOnceAndTheJobSeesTheMovedTime() {
        MutableClock clock = new MutableClock(Instant.parse("2026-10-25T09:00:00Z"));
        List<Instant> expiryPasses = new CopyOnWriteArrayList<>();
        TimeDrivenJobs jobs = new TimeDrivenJobs(vertx);
        jobs.every("points expiry", Duration.ofHours(1), () -> {
            expiryPasses.add(clock.instant());
            return Uni.createFrom().voidItem();
        });

        clock.advance(Duration.ofDays(366));
        jobs.onClockMoved(new ClockMoved(Duration.ofDays(366)));

        await().atMost(Duration.ofSeconds(5)).until(() -> !expiryPasses.isEmpty());
        assertThat(expiryPasses).containsExactly(Instant.parse("2027-10-26T09:00:00Z"));
    }

    @Test
    void aFailedPassIsLoggedAndTheNextRunTriesAgain() {
        List<String> runs = new CopyOnWriteArrayList<>();
        TimeDrivenJobs jobs = new TimeDrivenJobs(vertx);
        jobs.every("flaky", Duration.ofHours(1), () -> {
            runs.add("run");
            return runs.size() == 1 ? Uni.createFrom().failure(new IllegalStateException("db down")) : Uni.createFrom().voidItem();
        });

        jobs.runAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 1);
        jobs.runAll();

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 2);
    }
}
