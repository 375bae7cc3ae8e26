package io.laurel.program.app;

import com.google.protobuf.Message;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.error.Violations;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.time.StoredTime;
import io.laurel.program.domain.milestone.MilestoneProgramRules;
import io.laurel.program.domain.milestone.MilestoneProgramVersion;
import io.laurel.program.mapping.MilestoneProgramMapping;
import io.laurel.program.store.ConfigChangeRepository;
import io.laurel.program.store.MilestoneProgramRow;
import io.laurel.program.store.MilestoneProgramStore;
import io.laurel.program.store.StoreSettingsRepository;
import io.laurel.program.store.TierProgramStore;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramStatus;
import io.laurel.proto.program.v1.Tier;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Milestone programs' use cases (R-PROG-1..10): each change is one transaction holding the
 * program's head row lock, its expected-version check, the new version, its feed row and the
 * idempotency record.
 */
@Singleton // no client proxy: the shared base class has no no-args constructor
public class MilestoneProgramUseCases extends VersionedProgramChanges<MilestoneProgramVersion,
        MilestoneProgram, MilestoneProgramRow> {

    private static final String PROGRAM = "milestone_program";

    private final MilestoneProgramStore programs;
    private final TierProgramStore tierPrograms;
    private final StoreSettingsRepository settings;
    private final IdGenerator ids;

    public MilestoneProgramUseCases(Transactions transactions, MilestoneProgramStore programs,
                                    TierProgramStore tierPrograms, StoreSettingsRepository settings,
                                    ConfigChangeRepository changes, IdGenerator ids, Clock clock) {
        super(transactions, programs, changes, clock);
        this.programs = programs;
        this.tierPrograms = tierPrograms;
        this.settings = settings;
        this.ids = ids;
    }

    /** Creates a DRAFT program at version 1 in a store that has settings (R-PROG-10 in the store's context). */
    public <T extends Message> Uni<T> create(Idempotent<MilestoneProgram, T> call,
                                             String storeId, MilestoneProgramVersion candidate) {
        return transactions.once(storeId, call, tx -> settings.findVersion(storeId, 0).chain(store -> {
            if (store == null) {
                throw new FailedPreconditionException("STORE_NOT_CONFIGURED",
                        "the store has no settings yet: set them with UpdateStoreSettings first");
            }
            return liveTierIds(storeId, candidate).chain(tierIds -> {
                Violations invalid = new Violations();
                MilestoneProgramRules.validateInStore(candidate, store.currencyCode(), tierIds, invalid.nested(PROGRAM));
                invalid.throwIfAny();
                return save(tx, null, MilestoneProgramRules.create(candidate, ids.newId(), storeId,
                        StoredTime.now(clock)));
            });
        }));
    }

    /** Stores the fields {@code mask} names from {@code input} as the next version, the merged whole validated. */
    public <T extends Message> Uni<T> update(Idempotent<MilestoneProgram, T> call,
                                             String storeId, String programId, long expectedVersion,
                                             MilestoneProgramVersion input, List<String> mask) {
        return transactions.once(storeId, call, tx -> locked(storeId, programId, expectedVersion).chain(current -> {
            MilestoneProgramRules.requireNotArchived(current.program());
            MilestoneProgramVersion candidate = MilestoneProgramMapping.merge(current.program(), input, mask);
            return settings.findVersion(storeId, 0).chain(store -> liveTierIds(storeId, candidate).map(tierIds -> {
                // the merged program as a whole: the set fields against the kept ones and the store
                Violations invalid = new Violations();
                MilestoneProgramRules.validate(candidate, store == null ? null : store.currencyCode(), tierIds,
                        invalid.nested(PROGRAM));
                invalid.throwIfAny();
                return candidate;
            })).chain(valid -> save(tx, current.head(),
                    MilestoneProgramRules.update(current.program(), valid, StoredTime.now(clock))));
        }));
    }

    public <T extends Message> Uni<T> activate(Idempotent<MilestoneProgram, T> call,
                                               String storeId, String programId, long expectedVersion) {
        return changeStatus(call, storeId, programId, expectedVersion, MilestoneProgramRules::activate,
                this::requireKnownTiers);
    }

    public <T extends Message> Uni<T> pause(Idempotent<MilestoneProgram, T> call,
                                            String storeId, String programId, long expectedVersion) {
        return changeStatus(call, storeId, programId, expectedVersion, MilestoneProgramRules::pause,
                next -> Uni.createFrom().voidItem());
    }

    public <T extends Message> Uni<T> archive(Idempotent<MilestoneProgram, T> call,
                                              String storeId, String programId, long expectedVersion) {
        return changeStatus(call, storeId, programId, expectedVersion, MilestoneProgramRules::archive,
                next -> Uni.createFrom().voidItem());
    }

    /** Up to {@code limit} of the store's programs after the keyset position (null: the first page), oldest first. */
    public Uni<List<MilestoneProgram>> list(
            String storeId, List<MilestoneProgramStatus> statuses, List<MilestoneMetric> metrics,
            Instant afterCreateTime, String afterId, int limit) {
        return transactions.read(q -> programs.list(q, storeId, statuses, metrics, afterCreateTime, afterId, limit));
    }

    /**
     * The tier ids of the store's live tier program when {@code program}'s condition names tiers;
     * else empty without the read and its share lock, as no tier id is checked against it.
     */
    private Uni<Set<String>> liveTierIds(String storeId, MilestoneProgramVersion program) {
        return MilestoneProgramRules.tierIds(program.condition()).isEmpty() ? Uni.createFrom().item(Set.of())
                : liveTierIds(storeId);
    }

    /**
     * The tier ids of the store's tier program that is not archived (empty when none), its head row
     * held FOR SHARE until the transaction ends so a concurrent tier change cannot slip in between
     * this check and the commit (R-PROG-5).
     */
    private Uni<Set<String>> liveTierIds(String storeId) {
        return tierPrograms.liveForShare(storeId).map(tierProgram -> tierProgram == null ? Set.of()
                : tierProgram.getTiersList().stream().map(Tier::getTierId).collect(Collectors.toSet()));
    }

    /**
     * R-PROG-5 on activation: the tiers the condition names must still be tiers of the store's tier
     * program, which may have changed since the program was last saved.
     */
    private Uni<Void> requireKnownTiers(MilestoneProgramVersion next) {
        Set<String> named = MilestoneProgramRules.tierIds(next.condition());
        if (named.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return liveTierIds(next.storeId()).invoke(known -> {
            List<String> unknown = named.stream().filter(id -> !known.contains(id)).toList();
            if (!unknown.isEmpty()) {
                throw new FailedPreconditionException("UNKNOWN_TIER", "the condition names tiers the store's tier "
                        + "program does not have: " + unknown + "; update the condition first",
                        Map.of("tier_ids", String.join(",", unknown)));
            }
        }).replaceWithVoid();
    }

    @Override
    MilestoneProgramVersion toDomain(MilestoneProgram program) {
        return MilestoneProgramMapping.toDomain(program);
    }

    @Override
    MilestoneProgram toProto(MilestoneProgramVersion program) {
        return MilestoneProgramMapping.toProto(program);
    }

    @Override
    void requireVersion(MilestoneProgramVersion current, long expected) {
        MilestoneProgramRules.requireVersion(current, expected);
    }

    @Override
    NotFoundException notFound(String id, long version) {
        return new NotFoundException(MilestoneProgramRules.RESOURCE, id + (version == 0 ? "" : " version " + version));
    }

    @Override
    ConfigChange.Builder change(MilestoneProgram stored) {
        return ConfigChange.newBuilder().setStoreId(stored.getStoreId())
                .setKind(ConfigKind.CONFIG_KIND_MILESTONE_PROGRAM).setResourceId(stored.getProgramId())
                .setVersion(stored.getVersion()).setChangeTime(stored.getUpdateTime()).setMilestoneProgram(stored);
    }

    @Override
    Uni<Void> insert(MilestoneProgramRow head, MilestoneProgram program) {
        return programs.insert(head, program);
    }
}
