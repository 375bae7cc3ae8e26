package io.laurel.program.store;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/** Tier programs: head rows with status, every version whole; at most one live program per store (R-TIER-1). */
@ApplicationScoped
public class TierProgramStore extends VersionedProgramStore<TierProgram, TierProgramRow, TierProgramVersionRow> {

    private static final String LIVE_HEAD = "from TierProgramRow where storeId = :store and status <> 'ARCHIVED'";

    public TierProgramStore() {
        super(TierProgramRow.class, TierProgramVersionRow.class, TierProgram.parser(), TierProgramRow::new,
                TierProgramVersionRow::new);
    }

    @Override
    protected String filters() {
        return " and (:anyStatus = true or h.status in :statuses)";
    }

    @Override
    protected void summarize(TierProgram program, TierProgramRow head, TierProgramVersionRow version) {
        head.status = version.status = stored(program.getStatus());
    }

    /**
     * Stores a new version: version 1 adds the head row (failing with a unique violation when the
     * store already has a live program), later versions move the locked one.
     */
    public Uni<Void> insert(TierProgramRow locked, TierProgram p) {
        return insert(locked, p, p.getStoreId(), p.getTierProgramId(), p.getVersion(),
                ProtoTime.toInstant(p.getCreateTime()),
                ProtoTime.toInstant(p.getUpdateTime()));
    }

    /** The latest version of the store's program that is not archived (R-TIER-1: at most one); null when none. */
    public Uni<TierProgram> live(String storeId) {
        return live(storeId, LockMode.NONE);
    }

    /**
     * The latest version of the store's program that is not archived, its head row held FOR SHARE
     * for the rest of the transaction, so a tier change (which takes it FOR UPDATE) waits until the
     * caller commits what it checked against these tiers; null when none. The lock comes first and
     * the version is read after it.
     */
    public Uni<TierProgram> liveForShare(String storeId) {
        return live(storeId, LockMode.PESSIMISTIC_READ);
    }

    private Uni<TierProgram> live(String storeId, LockMode lock) {
        return session().chain(s -> s.createSelectionQuery(LIVE_HEAD, TierProgramRow.class)
                        .setParameter("store", storeId).setLockMode(lock).getSingleResultOrNull())
                .chain(head -> head == null ? Uni.createFrom().nullItem()
                        : find(storeId, head.programId, head.currentVersion));
    }

    /**
     * Up to {@code limit} latest versions of the store's programs created before the keyset position
     * (null for the first page), newest first, filtered by statuses (empty = any).
     */
    public Uni<List<TierProgram>> list(Mutiny.QueryProducer q, String storeId, List<TierProgramStatus> statuses, Instant beforeCreateTime,
                                       String beforeId, int limit) {
        List<String> status = statuses.stream().map(TierProgramStore::stored).distinct().toList();
        return newestFirst(q, storeId, beforeCreateTime, beforeId, limit, query -> query
                .setParameter("anyStatus", status.isEmpty()).setParameter("statuses", anyIfEmpty(status)));
    }

    /** The name a status is stored under: the proto name without its prefix (ACTIVE). */
    private static String stored(TierProgramStatus status) {
        return status.name().substring("TIER_PROGRAM_STATUS_".length());
    }
}
