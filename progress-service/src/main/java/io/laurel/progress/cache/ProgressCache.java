package io.laurel.progress.cache;

import io.laurel.progress.mapping.ProgressCodec;
import io.laurel.progress.mapping.ProgressCodec.CachedProgress;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The progress cache in Redis (R-PROG-TRACK-7): one entry per customer, the customer's progress in
 * every program with the revision of {@code customer_state} it was read at. Postgres stays the
 * truth:
 * <ul>
 *   <li>writers put the state they committed, readers the state they read; a put only replaces an
 *       entry of a lower revision (a Lua compare-and-set), so a slow writer or reader can never
 *       replace a newer entry with an older one;</li>
 *   <li>entries expire ({@code laurel.progress.cache.ttl}), which bounds the one case left — a put
 *       lost while Redis was unreachable;</li>
 *   <li>every call has a short timeout; when Redis is down or slow, reads answer "miss" and writes
 *       are skipped, and the view is served from Postgres.</li>
 * </ul>
 */
@ApplicationScoped
public class ProgressCache {

    private static final Logger LOG = Logger.getLogger(ProgressCache.class);

    // replace only an entry of a lower revision (the revision follows the format tag, see ProgressCodec)
    private static final String PUT_IF_NEWER = """
            local current = redis.call('GET', KEYS[1])
            if current then
              local rev = tonumber(string.match(current, '^p1\\t(%d+)'))
              if rev and rev >= tonumber(ARGV[1]) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
            return 1""";

    private final ReactiveRedisDataSource redis;
    private final Duration timeout;
    private final long ttlSeconds;

    public ProgressCache(ReactiveRedisDataSource redis,
                         @ConfigProperty(name = "laurel.progress.cache.timeout", defaultValue = "PT0.25S") Duration timeout,
                         @ConfigProperty(name = "laurel.progress.cache.ttl", defaultValue = "PT5M") Duration ttl) {
        this.redis = redis;
        this.timeout = timeout;
        this.ttlSeconds = ttl.toSeconds();
    }

    static String key(String storeId, String customerId) {
        // {…} keeps a store's keys in one hash slot of a Redis cluster; the store's length in front keeps
        // ids holding '}' or ':' from making two (store, customer) pairs one key
        return "laurel:progress:{" + storeId.length() + ":" + storeId + "}:" + customerId;
    }

    /** The cached progress, or null on a miss — including when Redis cannot be reached. */
    public Uni<CachedProgress> get(String storeId, String customerId) {
        return redis.execute("GET", key(storeId, customerId))
                .ifNoItem().after(timeout).fail()
                .map(response -> response == null ? null : ProgressCodec.decode(response.toString()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("progress cache unavailable for a read (%s); serving from Postgres", failure.toString());
                    return null;
                });
    }

    /** Puts {@code progress} unless a newer revision is cached; a failure is logged, never raised. */
    public Uni<Void> putIfNewer(String storeId, String customerId, CachedProgress progress) {
        return redis.execute("EVAL", PUT_IF_NEWER, "1", key(storeId, customerId), Long.toString(progress.revision()),
                        ProgressCodec.encode(progress), Long.toString(ttlSeconds))
                .ifNoItem().after(timeout).fail()
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("progress cache unavailable for a write (%s)", failure.toString());
                    return null;
                });
    }

    /** Removes a customer's entry (tests: an empty cache). */
    public Uni<Void> forget(String storeId, String customerId) {
        return redis.execute("DEL", key(storeId, customerId)).replaceWithVoid();
    }
}
