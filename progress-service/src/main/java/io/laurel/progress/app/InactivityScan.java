package io.laurel.progress.app;

import io.laurel.platform.outbox.Outbox;
import io.laurel.platform.time.StoredTime;
import io.laurel.platform.time.TimeDrivenJobs;
import io.laurel.progress.cache.ProgressCache;
import io.laurel.progress.domain.CustomerState;
import io.laurel.progress.domain.Metric;
import io.laurel.progress.domain.Milestone;
import io.laurel.progress.domain.Outgoing;
import io.laurel.progress.domain.ProgressEngine;
import io.laurel.progress.domain.StoreCatalog;
import io.laurel.progress.mapping.OutgoingMapping;
import io.laurel.progress.store.ConfigStore;
import io.laurel.progress.store.ProgressStore;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.OptionalLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The inactivity scan (R-PROG-2, R-PROG-TRACK-3, R-PROG-7): finds customers whose days without
 * activity reached a target of an inactivity program and rewards them, once per spell. Runs on
 * every replica every {@code laurel.progress.inactivity-scan.interval} and at once when the development
 * clock jumps (platform {@link TimeDrivenJobs}); replicas share the work
 * through {@code FOR UPDATE SKIP LOCKED} claims of customer rows (the same row lock ingestion takes),
 * and each milestone is reached once per spell in the progress row — so two scans at once never
 * reward twice. A scan after downtime rewards every target whose day came meanwhile, judged by the
 * program version in effect on that day. Time comes from the injected clock.
 */
@ApplicationScoped
public class InactivityScan {

    private static final Logger LOG = Logger.getLogger(InactivityScan.class);
    static final int CLAIM = 200;
    static final String TRIGGER = "inactivity-scan";

    private final Pool pool;
    private final ConfigStore configs;
    private final CatalogCache catalogs;
    private final ProgressStore store;
    private final Outbox outbox;
    private final ProgressCache cache;
    private final Clock clock;
    private final TimeDrivenJobs jobs;
    private final boolean enabled;
    private final Duration interval;

    public InactivityScan(Pool pool, ConfigStore configs, CatalogCache catalogs, ProgressStore store, Outbox outbox,
                          ProgressCache cache, Clock clock, TimeDrivenJobs jobs,
                          @ConfigProperty(name = "laurel.progress.inactivity-scan.enabled", defaultValue = "true") boolean enabled,
                          @ConfigProperty(name = "laurel.progress.inactivity-scan.interval", defaultValue = "PT1M") Duration interval) {
        this.pool = pool;
        this.configs = configs;
        this.catalogs = catalogs;
        this.store = store;
        this.outbox = outbox;
        this.cache = cache;
        this.clock = clock;
        this.jobs = jobs;
        this.enabled = enabled;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            jobs.every("progress inactivity scan", interval, this::scan);
        }
    }

    /** Scans every store once, as of the clock's now; answers how many milestones were reached. */
    public Uni<Integer> scan() {
        Instant now = StoredTime.now(clock);
        return configs.storesWithPrograms(pool)
                .onItem().transformToMulti(stores -> Multi.createFrom().iterable(stores))
                // one failing store must not stop the scan of the others: it is logged and retried next round
                .onItem().transformToUniAndConcatenate(storeId -> catalogs.get(storeId)
                        .flatMap(catalog -> scanStore(storeId, catalog, now))
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("inactivity scan of store %s failed: %s", storeId, failure.toString());
                            return 0;
                        }))
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    /** Scans one store, as of the clock's now; answers how many milestones were reached. */
    public Uni<Integer> scan(String storeId) {
        Instant now = StoredTime.now(clock);
        return catalogs.get(storeId).flatMap(catalog -> scanStore(storeId, catalog, now));
    }

    private Uni<Integer> scanStore(String storeId, StoreCatalog catalog, Instant now) {
        LongSummaryStatistics targets = catalog.latestVersions().stream()
                .filter(ProgressEngine::tracksInactivity)
                .flatMap(v -> catalog.versions(v.programId()).stream())
                .flatMap(v -> v.milestones().stream()).mapToLong(Milestone::target)
                .filter(t -> t <= ProgressEngine.MAX_INACTIVITY_DAYS).summaryStatistics();
        if (targets.getCount() == 0) {
            return Uni.createFrom().item(0);
        }
        OptionalLong smallest = OptionalLong.of(targets.getMin());
        // a customer checked a day past the largest target's day has nothing left to reach in this spell
        int largestDays = (int) targets.getMax() + 1;
        ZoneId zone = catalog.zoneAt(now);
        LocalDate today = LocalDate.ofInstant(now, zone);
        // target N is reached at the start of day(last activity) + N: only spells that began before this can have one
        Instant lastActivityBefore = today.minusDays(smallest.getAsLong() - 1).atStartOfDay(zone).toInstant();
        Instant checkedBefore = today.atStartOfDay(zone).toInstant();
        return claimAndApply(storeId, catalog, now, lastActivityBefore, checkedBefore, largestDays, 0);
    }

    private Uni<Integer> claimAndApply(String storeId, StoreCatalog catalog, Instant now, Instant lastActivityBefore,
                                       Instant checkedBefore, int largestDays, int reachedSoFar) {
        ProgressEngine engine = new ProgressEngine(catalog, now);
        List<EventIngestion.CustomerProgressAfter> after = new ArrayList<>();
        int[] claimed = {0};
        int[] reached = {0};
        return pool.withTransaction(tx -> store.claimInactive(tx, storeId, lastActivityBefore, checkedBefore, largestDays, now, CLAIM)
                        .call(states -> store.loadInto(tx, storeId, states))
                        .flatMap(states -> {
                            claimed[0] = states.size();
                            List<Outgoing> outgoing = new ArrayList<>();
                            for (CustomerState s : states.values()) {
                                outgoing.addAll(engine.inactivity(s, now, TRIGGER));
                            }
                            reached[0] = outgoing.size();
                            after.addAll(EventIngestion.after(states));
                            return store.write(tx, storeId, states.values())
                                    .chain(() -> outbox.enqueueAll(tx, outgoing.stream()
                                            .map(m -> OutgoingMapping.toOutbox(storeId, m)).toList()));
                        }))
                .call(() -> Multi.createFrom().iterable(after)
                        .onItem().transformToUniAndConcatenate(a -> cache.putIfNewer(storeId, a.customerId(), a.progress()))
                        .collect().last())
                .flatMap(ignored -> claimed[0] == CLAIM
                        ? claimAndApply(storeId, catalog, now, lastActivityBefore, checkedBefore, largestDays,
                                reachedSoFar + reached[0])
                        : Uni.createFrom().item(reachedSoFar + reached[0]));
    }

}
