package io.laurel.program.app;

import com.google.protobuf.Message;
import io.laurel.platform.error.ConflictException;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.error.Violations;
import io.laurel.platform.time.StoredTime;
import io.laurel.program.domain.StoreSettingsRules;
import io.laurel.program.domain.StoreSettingsVersion;
import io.laurel.program.mapping.StoreSettingsMapping;
import io.laurel.program.store.ConfigChangeRepository;
import io.laurel.program.store.StoreSettingsRepository;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.StoreSettings;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * A store's loyalty settings (R-STORE-2): every change is a new version, made under the store's
 * lock with its expected-version check, its feed row and its idempotency record in one transaction.
 */
@ApplicationScoped
public class StoreSettingsUseCases {

    private static final String RESOURCE = "store settings";

    private final Transactions transactions;
    private final StoreSettingsRepository settings;
    private final ConfigChangeRepository changes;
    private final Clock clock;

    public StoreSettingsUseCases(Transactions transactions, StoreSettingsRepository settings,
                                 ConfigChangeRepository changes, Clock clock) {
        this.transactions = transactions;
        this.settings = settings;
        this.changes = changes;
        this.clock = clock;
    }

    /** Version {@code version} (0 = latest); NOT_FOUND when there is none. */
    public Uni<StoreSettingsVersion> get(String storeId, long version) {
        return transactions.read(q -> settings.findVersion(q, storeId, version)).map(found -> {
            if (found == null) {
                throw new NotFoundException(RESOURCE, storeId + (version == 0 ? "" : " version " + version));
            }
            return found;
        });
    }

    /**
     * Stores the next version from {@code given} (the fields {@code mask} names; all when empty),
     * based on {@code expectedVersion} (0 creates): ABORTED when that is not the current version.
     */
    public <T extends Message> Uni<T> update(Idempotent<StoreSettingsVersion, T> call, String storeId, long expectedVersion,
                                             StoreSettings given, List<String> mask) {
        return transactions.once(storeId, call, tx -> settings.latestForUpdate(storeId).chain(current -> {
            long currentVersion = current == null ? 0 : current.version();
            if (expectedVersion != currentVersion) {
                throw new ConflictException(RESOURCE, storeId, expectedVersion, currentVersion);
            }
            Violations invalid = new Violations();
            StoreSettingsVersion candidate = StoreSettingsMapping.merge(storeId, current, given, mask, invalid);
            StoreSettingsRules.validate(candidate, invalid.nested("settings"));
            invalid.throwIfAny();
            StoreSettingsVersion next = StoreSettingsRules.nextVersion(current, candidate, StoredTime.now(clock));
            var stored = StoreSettingsMapping.toProto(next);
            return settings.insert(next)
                    .chain(() -> changes.append(tx, ConfigChange.newBuilder()
                            .setStoreId(storeId).setKind(ConfigKind.CONFIG_KIND_STORE_SETTINGS)
                            .setResourceId(storeId).setVersion(next.version())
                            .setChangeTime(stored.getUpdateTime()).setStoreSettings(stored).build()))
                    .replaceWith(next);
        }));
    }
}
