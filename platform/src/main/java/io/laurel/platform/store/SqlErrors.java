package io.laurel.platform.store;

import io.vertx.pgclient.PgException;

/** Recognises the Postgres errors a service turns into domain outcomes. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** A unique or primary-key constraint refused the row: someone else wrote it first. */
    public static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /** Postgres broke a deadlock by aborting this transaction, which is safe to run again from the start. */
    public static boolean isDeadlock(Throwable failure) {
        return failure instanceof PgException pg && "40P01".equals(pg.getSqlState());
    }
}
