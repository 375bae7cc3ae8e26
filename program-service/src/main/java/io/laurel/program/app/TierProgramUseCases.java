package io.laurel.program.app;

import com.google.protobuf.Message;
import io.laurel.platform.error.AlreadyExistsException;
import io.laurel.platform.error.ConflictException;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.error.Violations;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.store.SqlErrors;
import io.laurel.platform.time.StoredTime;
import io.laurel.program.domain.tier.TierProgramRules;
import io.laurel.program.domain.tier.TierProgramVersion;
import io.laurel.program.mapping.TierProgramMapping;
import io.laurel.program.store.ConfigChangeRepository;
import io.laurel.program.store.StoreSettingsRepository;
import io.laurel.program.store.TierProgramRow;
import io.laurel.program.store.TierProgramStore;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * VIP tier programs' use cases (R-TIER-1, 2, 7): each change is one transaction holding the
 * program's head row lock, its expected-version check, the new version, its feed row and the
 * idempotency record.
 */
@Singleton // no client proxy: the shared base class has no no-args constructor
public class TierProgramUseCases extends VersionedProgramChanges<TierProgramVersion,
        TierProgram, TierProgramRow> {

    private static final String PROGRAM = "tier_program";

    private final TierProgramStore programs;
    private final StoreSettingsRepository settings;
    private final IdGenerator ids;

    public TierProgramUseCases(Transactions transactions, TierProgramStore programs, StoreSettingsRepository settings,
                               ConfigChangeRepository changes, IdGenerator ids, Clock clock) {
        super(transactions, programs, changes, clock);
        this.programs = programs;
        this.settings = settings;
        this.ids = ids;
    }

    /**
     * Creates a DRAFT program at version 1 unless the store has a live one (R-TIER-1: ALREADY_EXISTS
     * naming it). Two creates that race past the check meet at the partial unique index: the loser
     * runs again in a new transaction, which reads the winner (or creates, if it was archived since).
     */
    public <T extends Message> Uni<T> create(Idempotent<TierProgram, T> call,
                                             String storeId, TierProgramVersion candidate) {
        return attemptCreate(call, storeId, candidate)
                .onFailure(TierProgramUseCases::isUniqueViolation).recoverWithUni(() -> attemptCreate(call, storeId, candidate))
                .onFailure(TierProgramUseCases::isUniqueViolation).transform(e -> new ConflictException("CONCURRENT_CREATE",
                        "another tier program was being created for the store at the same time: read it and retry",
                        Map.of()));
    }

    private <T extends Message> Uni<T> attemptCreate(Idempotent<TierProgram, T> call,
                                                     String storeId, TierProgramVersion candidate) {
        return transactions.once(storeId, call, tx -> settings.findVersion(storeId, 0).chain(store -> {
            if (store == null) {
                throw new FailedPreconditionException("STORE_NOT_CONFIGURED",
                        "the store has no settings yet: set them with UpdateStoreSettings first");
            }
            Violations invalid = new Violations();
            TierProgramRules.validateInStore(candidate, store.currencyCode(), invalid.nested(PROGRAM));
            invalid.throwIfAny();
            return programs.live(storeId).chain(live -> {
                if (live != null) {
                    throw alreadyExists(live.getTierProgramId());
                }
                return save(tx, null, TierProgramRules.create(candidate, ids.newId(), storeId, StoredTime.now(clock)));
            });
        }));
    }

    /** Stores the fields {@code mask} names from {@code input} as the next version, the merged whole validated. */
    public <T extends Message> Uni<T> update(Idempotent<TierProgram, T> call,
                                             String storeId, String programId, long expectedVersion,
                                             TierProgramVersion input, List<String> mask) {
        return transactions.once(storeId, call, tx -> locked(storeId, programId, expectedVersion).chain(current -> {
            TierProgramRules.requireNotArchived(current.program());
            TierProgramVersion candidate = TierProgramMapping.merge(current.program(), input, mask);
            return settings.findVersion(storeId, 0).chain(store -> {
                // the merged program as a whole: the set fields against the kept ones and the store
                Violations invalid = new Violations();
                TierProgramRules.validate(candidate, store == null ? null : store.currencyCode(), invalid.nested(PROGRAM));
                invalid.throwIfAny();
                return save(tx, current.head(), TierProgramRules.update(current.program(), candidate,
                        StoredTime.now(clock)));
            });
        }));
    }

    public <T extends Message> Uni<T> activate(Idempotent<TierProgram, T> call,
                                               String storeId, String programId, long expectedVersion) {
        return changeStatus(call, storeId, programId, expectedVersion, TierProgramRules::activate,
                next -> Uni.createFrom().voidItem());
    }

    public <T extends Message> Uni<T> archive(Idempotent<TierProgram, T> call,
                                              String storeId, String programId, long expectedVersion) {
        return changeStatus(call, storeId, programId, expectedVersion, TierProgramRules::archive,
                next -> Uni.createFrom().voidItem());
    }

    /** Up to {@code limit} of the store's programs before the keyset position (null: the first page), newest first. */
    public Uni<List<TierProgram>> list(String storeId, List<TierProgramStatus> statuses,
                                                                  Instant beforeCreateTime, String beforeId, int limit) {
        return transactions.read(q -> programs.list(q, storeId, statuses, beforeCreateTime, beforeId, limit));
    }

    /** Hibernate converts the driver's error into a JDBC-style one that keeps its SQL state. */
    private static boolean isUniqueViolation(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Throwable::getCause).anyMatch(cause ->
                SqlErrors.isUniqueViolation(cause) || cause instanceof SQLException sql && "23505".equals(sql.getSQLState()));
    }

    /** ErrorInfo metadata {@code tier_program_id} (the contract's) and {@code resource_id} both name the existing program. */
    private static AlreadyExistsException alreadyExists(String existingId) {
        return new AlreadyExistsException(TierProgramRules.RESOURCE, existingId, Map.of("tier_program_id", existingId));
    }

    @Override
    TierProgramVersion toDomain(TierProgram program) {
        return TierProgramMapping.toDomain(program);
    }

    @Override
    TierProgram toProto(TierProgramVersion program) {
        return TierProgramMapping.toProto(program);
    }

    @Override
    void requireVersion(TierProgramVersion current, long expected) {
        TierProgramRules.requireVersion(current, expected);
    }

    @Override
    NotFoundException notFound(String id, long version) {
        return new NotFoundException(TierProgramRules.RESOURCE, id + (version == 0 ? "" : " version " + version));
    }

    @Override
    ConfigChange.Builder change(TierProgram stored) {
        return ConfigChange.newBuilder().setStoreId(stored.getStoreId())
                .setKind(ConfigKind.CONFIG_KIND_TIER_PROGRAM).setResourceId(stored.getTierProgramId())
                .setVersion(stored.getVersion()).setChangeTime(stored.getUpdateTime()).setTierProgram(stored);
    }

    @Override
    Uni<Void> insert(TierProgramRow head, TierProgram program) {
        return programs.insert(head, program);
    }
}
