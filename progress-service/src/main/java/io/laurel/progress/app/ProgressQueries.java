package io.laurel.progress.app;

import io.laurel.platform.error.NotFoundException;
import io.laurel.progress.cache.ProgressCache;
import io.laurel.progress.domain.ProgramCustomer;
import io.laurel.progress.domain.ProgramProgress;
import io.laurel.progress.domain.ProgramVersion;
import io.laurel.progress.domain.ProgressEngine;
import io.laurel.progress.domain.ProgressView;
import io.laurel.progress.domain.StoreCatalog;
import io.laurel.progress.mapping.ProgressCodec.CachedProgress;
import io.laurel.progress.store.ProgressStore;
import io.laurel.progress.store.ProgressStore.ProgramCustomerRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The progress views (R-PROG-TRACK-7): a customer's progress comes from Redis when cached there and
 * from Postgres otherwise (then put in the cache, unless a newer revision got there first); the
 * configuration from the in-memory catalog. Redis down means every read goes to Postgres.
 */
@ApplicationScoped
public class ProgressQueries {

    private final Pool pool;
    private final CatalogCache catalogs;
    private final ProgressStore store;
    private final ProgressCache cache;

    public ProgressQueries(Pool pool, CatalogCache catalogs, ProgressStore store, ProgressCache cache) {
        this.pool = pool;
        this.catalogs = catalogs;
        this.store = store;
        this.cache = cache;
    }

    /** Every ACTIVE program inside its schedule now, hidden (inactivity) ones only when asked (R-PROG-7). */
    public Uni<List<ProgressView>> customerProgress(String storeId, String customerId, boolean includeHidden, Instant now) {
        return catalogs.get(storeId).flatMap(catalog -> progress(storeId, customerId).map(progress ->
                catalog.latestVersions().stream()
                        .filter(v -> v.countsAt(now) && (includeHidden || !v.hiddenFromShoppers()))
                        .map(v -> view(catalog, v, progress, now)).toList()));
    }

    /** One program of any status; NOT_FOUND when the store has no such program. */
    public Uni<ProgressView> customerProgramProgress(String storeId, String customerId, String programId, Instant now) {
        return catalogs.get(storeId).flatMap(catalog -> {
            ProgramVersion program = catalog.latest(programId)
                    .orElseThrow(() -> new NotFoundException("milestone program", programId));
            return progress(storeId, customerId).map(progress -> view(catalog, program, progress, now));
        });
    }

    /** A page of a program's customers by customer id; {@code limit + 1} rows are read to tell whether more follow. */
    public Uni<List<ProgramCustomer>> programCustomers(String storeId, String programId, int minReached,
                                                       String afterCustomer, int limit, Instant now) {
        return catalogs.get(storeId).flatMap(catalog -> {
            ProgramVersion program = catalog.latest(programId)
                    .orElseThrow(() -> new NotFoundException("milestone program", programId));
            ProgressEngine engine = new ProgressEngine(catalog, now);
            return store.programCustomers(pool, storeId, programId, minReached, afterCustomer, limit)
                    .map(rows -> rows.stream().map(r -> row(program, engine, r, now)).toList());
        });
    }

    private static ProgramCustomer row(ProgramVersion program, ProgressEngine engine, ProgramCustomerRow r, Instant now) {
        ProgressView view = ProgressView.of(program, r.progress(), r.lastActivity(), now, engine);
        ProgramProgress p = r.progress();
        boolean currentSpell = program.hiddenFromShoppers()
                ? r.lastActivity() != null && r.lastActivity().equals(p.spellStart()) : true;
        return new ProgramCustomer(r.customerId(), view.currentValue(), currentSpell ? p.reached().size() : 0,
                currentSpell ? p.lastReachedTarget() : 0, currentSpell ? p.lastReachedTime() : null, p.lastEventAt());
    }

    private static ProgressView view(StoreCatalog catalog, ProgramVersion program, CachedProgress progress, Instant now) {
        ProgramProgress p = progress.programs().stream()
                .filter(x -> x.programId().equals(program.programId())).findFirst().orElse(null);
        return ProgressView.of(program, p, progress.lastActivity(), now, new ProgressEngine(catalog, now));
    }

    /** The customer's progress: the cache, else Postgres (then cached). */
    Uni<CachedProgress> progress(String storeId, String customerId) {
        return cache.get(storeId, customerId).flatMap(cached -> Optional.ofNullable(cached)
                .map(c -> Uni.createFrom().item(c))
                .orElseGet(() -> store.read(pool, storeId, customerId)
                        .call(read -> cache.putIfNewer(storeId, customerId, read))));
    }
}
