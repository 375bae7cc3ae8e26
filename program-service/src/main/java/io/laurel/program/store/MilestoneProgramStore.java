package io.laurel.program.store;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import java.time.Instant;
import java.util.List;

/** Milestone programs: head rows with status and metric, every version whole. */
@ApplicationScoped
public class MilestoneProgramStore
        extends VersionedProgramStore<MilestoneProgram, MilestoneProgramRow, MilestoneProgramVersionRow> {

    public MilestoneProgramStore() {
        super(MilestoneProgramRow.class, MilestoneProgramVersionRow.class, MilestoneProgram.parser(),
                MilestoneProgramRow::new, MilestoneProgramVersionRow::new);
    }

    @Override
    protected String filters() {
        return " and (:anyStatus = true or h.status in :statuses) and (:anyMetric = true or h.metric in :metrics)";
    }

    @Override
    protected void summarize(MilestoneProgram program, MilestoneProgramRow head, MilestoneProgramVersionRow version) {
        head.status = version.status = stored(program.getStatus());
        head.metric = version.metric = stored(program.getMetric());
    }

    /** Stores a new version (see {@link VersionedProgramStore#insert}). */
    public Uni<Void> insert(MilestoneProgramRow locked, MilestoneProgram p) {
        return insert(locked, p, p.getStoreId(), p.getProgramId(), p.getVersion(),
                ProtoTime.toInstant(p.getCreateTime()),
                ProtoTime.toInstant(p.getUpdateTime()));
    }

    /**
     * Up to {@code limit} latest versions of the store's programs created after the keyset position
     * ({@code afterCreateTime}, {@code afterId}) — null for the first page — oldest first, filtered
     * by statuses and metrics (empty = any).
     */
    public Uni<List<MilestoneProgram>> list(Mutiny.QueryProducer q, String storeId, List<MilestoneProgramStatus> statuses,
                                            List<MilestoneMetric> metrics, Instant afterCreateTime, String afterId,
                                            int limit) {
        List<String> status = statuses.stream().map(MilestoneProgramStore::stored).distinct().toList();
        List<String> metric = metrics.stream().map(MilestoneProgramStore::stored).distinct().toList();
        return oldestFirst(q, storeId, afterCreateTime, afterId, limit, query -> query
                .setParameter("anyStatus", status.isEmpty()).setParameter("statuses", anyIfEmpty(status))
                .setParameter("anyMetric", metric.isEmpty()).setParameter("metrics", anyIfEmpty(metric)));
    }

    /** The name a status is stored under: the proto name without its prefix (ACTIVE). */
    private static String stored(MilestoneProgramStatus status) {
        return status.name().substring("MILESTONE_PROGRAM_STATUS_".length());
    }

    /** The name a metric is stored under: the proto name without its prefix (ORDER_COUNT). */
    private static String stored(MilestoneMetric metric) {
        return metric.name().substring("MILESTONE_METRIC_".length());
    }
}
