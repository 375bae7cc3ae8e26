package io.laurel.platform.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * {@link TransactionSql} over a Hibernate Reactive session's open transaction, as native queries.
 * Only a service that depends on Hibernate Reactive uses it (platform's dependency is optional).
 * The session is flushed before each statement, so what the statement writes follows the
 * entity changes already made, in the same transaction.
 */
public final class SessionTransactionSql implements TransactionSql {

    /** Postgres' {@code $n} parameters, which Hibernate's native queries write {@code ?n}. */
    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

    private final Mutiny.Session session;

    private SessionTransactionSql(Mutiny.Session session) {
        this.session = session;
    }

    /** The statements of {@code session}'s open transaction. */
    public static TransactionSql of(Mutiny.Session session) {
        return new SessionTransactionSql(session);
    }

    @Override
    public Uni<Integer> update(String sql, Object... args) {
        return session.flush().chain(() -> bind(session.createNativeQuery(ordinal(sql)), args).executeUpdate());
    }

    @Override
    public Uni<List<Object[]>> query(String sql, Object... args) {
        return session.flush().chain(() -> bind(session.<Object>createNativeQuery(ordinal(sql)), args).getResultList())
                .map(rows -> {
                    List<Object[]> all = new ArrayList<>(rows.size());
                    for (Object row : rows) {
                        Object[] columns = row instanceof Object[] several ? several : new Object[] {row};
                        for (int i = 0; i < columns.length; i++) {
                            if (columns[i] instanceof Buffer buffer) {
                                columns[i] = buffer.getBytes();
                            }
                        }
                        all.add(columns);
                    }
                    return all;
                });
    }

    private static <R> Mutiny.Query<R> bind(Mutiny.Query<R> query, Object... args) {
        for (int i = 0; i < args.length; i++) {
            query.setParameter(i + 1, args[i]);
        }
        return query;
    }

    private static String ordinal(String sql) {
        return PARAMETER.matcher(sql).replaceAll("?$1");
    }
}
