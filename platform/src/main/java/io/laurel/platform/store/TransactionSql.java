package io.laurel.platform.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of one open transaction, whichever client holds it: a Vert.x connection
 * ({@link #of(SqlConnection)}) or a Hibernate Reactive session ({@link SessionTransactionSql#of}).
 * Platform writers that must commit with a service's own change (the idempotency record, a feed
 * row) are written once over this. SQL uses Postgres' {@code $1, $2…} parameters either way.
 */
public interface TransactionSql {

    /** Runs a statement; the number of rows it changed. */
    Uni<Integer> update(String sql, Object... args);

    /** Runs a query; each row's columns in select order, {@code bytea} as {@code byte[]}. */
    Uni<List<Object[]>> query(String sql, Object... args);

    /** The statements of a Vert.x connection's open transaction. */
    static TransactionSql of(SqlConnection tx) {
        return new TransactionSql() {
            @Override
            public Uni<Integer> update(String sql, Object... args) {
                return tx.preparedQuery(sql).execute(Tuple.from(args)).map(rows -> rows.rowCount());
            }

            @Override
            public Uni<List<Object[]>> query(String sql, Object... args) {
                return tx.preparedQuery(sql).execute(Tuple.from(args)).map(rows -> {
                    List<Object[]> all = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        Object[] columns = new Object[row.size()];
                        for (int i = 0; i < columns.length; i++) {
                            Object value = row.getValue(i);
                            columns[i] = value instanceof Buffer buffer ? buffer.getBytes()
                                    : value instanceof io.vertx.core.buffer.Buffer buffer ? buffer.getBytes() : value;
                        }
                        all.add(columns);
                    }
                    return all;
                });
            }
        };
    }
}
