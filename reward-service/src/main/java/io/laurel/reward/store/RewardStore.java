package io.laurel.reward.store;

import static io.laurel.reward.store.PostingStore.bytes;
import static io.laurel.reward.store.PostingStore.utc;

import io.laurel.platform.common.Actor;
import io.laurel.reward.domain.RewardCause;
import io.laurel.reward.domain.Voucher;
import io.laurel.reward.mapping.RewardMapping;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Issued rewards by cause (R-LEDGER-1), their claw-backs, and vouchers (R-LEDGER-7). */
@ApplicationScoped
public class RewardStore {

    /** A reward cause's row: what was issued (null while only a claw-back is known) and its claw-back. */
    public record IssueRow(String kind, byte[] issued, String lotId, Long amountMinor, String voucherId,
                           byte[] clawBack, String clawBackReason, Instant clawBackTime, boolean clawBackDone) {

        public boolean isIssued() {
            return issued != null;
        }
    }

    private static final String VOUCHER_COLUMNS = """
            voucher_id, store_id, customer_id, code, product_id, variant_id, quantity, state, cause, issue_time,
            expires_at, redeem_time, order_id, revoke_time, revoke_reason, revoked_by_kind, revoked_by_id, revoked_by_name""";

    /** The cause's row, locked (the caller holds the customer's account lock); null when unknown. */
    public Uni<IssueRow> find(SqlClient tx, String storeId, String causeKey) {
        return findAll(tx, storeId, List.of(causeKey)).map(found -> found.get(causeKey));
    }

    /** {@link #find} for many causes of one store, in one statement: the rows known, by cause key. */
    public Uni<Map<String, IssueRow>> findAll(SqlClient tx, String storeId, List<String> causeKeys) {
        return tx.preparedQuery("""
                        SELECT cause_key, reward_kind, issued, lot_id, amount_minor, voucher_id, claw_back,
                            claw_back_reason, claw_back_time, claw_back_done
                        FROM reward_issue WHERE store_id = $1 AND cause_key = ANY($2) FOR UPDATE""")
                .execute(Tuple.of(storeId, causeKeys.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, IssueRow> found = new HashMap<>();
                    for (Row r : rows) {
                        OffsetDateTime clawTime = r.getOffsetDateTime("claw_back_time");
                        found.put(r.getString("cause_key"), new IssueRow(r.getString("reward_kind"),
                                bytesOf(r, "issued"), str(r.getUUID("lot_id")), r.getLong("amount_minor"),
                                str(r.getUUID("voucher_id")), bytesOf(r, "claw_back"), r.getString("claw_back_reason"),
                                clawTime == null ? null : clawTime.toInstant(), r.getBoolean("claw_back_done")));
                    }
                    return found;
                });
    }

    /** What a cause issued, for {@link #saveIssuedAll}. */
    public record Issued(String causeKey, String customerId, String kind, byte[] issued, String lotId,
                         Long amountMinor, String voucherId) {
    }

    /** Records what a cause issued (inserting the row, or completing a PENDING one). */
    public Uni<Void> saveIssued(SqlClient tx, String storeId, Issued issued, Instant now) {
        return saveIssuedAll(tx, storeId, List.of(issued), now);
    }

    /** {@link #saveIssued} for many causes of one store: one pipelined batch. */
    public Uni<Void> saveIssuedAll(SqlClient tx, String storeId, List<Issued> all, Instant now) {
        if (all.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        for (Issued i : all) {
            rows.add(Tuple.from(new Object[] {storeId, i.causeKey(), i.customerId(), i.kind(), bytes(i.issued()),
                    PostingStore.uuid(i.lotId()), i.amountMinor(), PostingStore.uuid(i.voucherId()), utc(now)}));
        }
        return tx.preparedQuery("""
                        INSERT INTO reward_issue (store_id, cause_key, customer_id, reward_kind, issued, lot_id,
                            amount_minor, voucher_id, create_time)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                        ON CONFLICT (store_id, cause_key) DO UPDATE SET reward_kind = EXCLUDED.reward_kind,
                            issued = EXCLUDED.issued, lot_id = EXCLUDED.lot_id, amount_minor = EXCLUDED.amount_minor,
                            voucher_id = EXCLUDED.voucher_id
                        WHERE reward_issue.issued IS NULL""")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /** Records a claw-back (its response), creating a PENDING row when the reward is not issued yet. */
    public Uni<Void> saveClawBack(SqlClient tx, String storeId, String causeKey, String customerId, byte[] response,
                                  String reason, Instant occurredAt, boolean done, Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO reward_issue (store_id, cause_key, customer_id, reward_kind, claw_back,
                            claw_back_reason, claw_back_time, claw_back_done, create_time)
                        VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7, $8)
                        ON CONFLICT (store_id, cause_key) DO UPDATE SET claw_back = EXCLUDED.claw_back,
                            claw_back_reason = EXCLUDED.claw_back_reason, claw_back_time = EXCLUDED.claw_back_time,
                            claw_back_done = EXCLUDED.claw_back_done""")
                .execute(Tuple.from(new Object[] {storeId, causeKey, customerId, bytes(response), reason,
                        utc(occurredAt), done, utc(now)}))
                .replaceWithVoid();
    }

    /** Inserts a voucher unless its code is taken in the store; false when it is (draw another code). */
    public Uni<Boolean> insertVoucher(SqlClient tx, Voucher v, String causeKey) {
        return tx.preparedQuery("""
                        INSERT INTO voucher (voucher_id, store_id, customer_id, code, product_id, variant_id, quantity,
                            state, cause_key, cause, issue_time, expires_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, 'ISSUED', $8, $9, $10, $11)
                        ON CONFLICT (store_id, code) DO NOTHING""")
                .execute(Tuple.from(new Object[] {UUID.fromString(v.voucherId()), v.storeId(), v.customerId(),
                        v.code(), v.productId(), v.variantId(), v.quantity(), causeKey,
                        bytes(RewardMapping.causeBytes(v.cause())), utc(v.issueTime()),
                        v.expiresAt() == null ? null : utc(v.expiresAt())}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A voucher by id (locked when {@code forUpdate}); null when not in the store. */
    public Uni<Voucher> voucher(SqlClient client, String storeId, String voucherId, boolean forUpdate) {
        return client.preparedQuery("SELECT " + VOUCHER_COLUMNS + " FROM voucher WHERE store_id = $1 AND voucher_id = $2"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .execute(Tuple.of(storeId, UUID.fromString(voucherId)))
                .map(rows -> rows.size() == 0 ? null : voucher(rows.iterator().next()));
    }

    /** A customer's voucher by code, locked; null when there is none. */
    public Uni<Voucher> voucherByCode(SqlClient tx, String storeId, String customerId, String code) {
        return tx.preparedQuery("SELECT " + VOUCHER_COLUMNS + " FROM voucher"
                        + " WHERE store_id = $1 AND code = $2 AND customer_id = $3 FOR UPDATE")
                .execute(Tuple.of(storeId, code, customerId))
                .map(rows -> rows.size() == 0 ? null : voucher(rows.iterator().next()));
    }

    public Uni<Void> markRedeemed(SqlClient tx, String storeId, String voucherId, String orderId, Instant now) {
        return tx.preparedQuery("""
                        UPDATE voucher SET state = 'REDEEMED', redeem_time = $3, order_id = $4
                        WHERE store_id = $1 AND voucher_id = $2 AND state = 'ISSUED'""")
                .execute(Tuple.of(storeId, UUID.fromString(voucherId), utc(now), orderId))
                .replaceWithVoid();
    }

    public Uni<Void> markRevoked(SqlClient tx, String storeId, String voucherId, String reason, Actor by, Instant now) {
        return tx.preparedQuery("""
                        UPDATE voucher SET state = 'REVOKED', revoke_time = $3, revoke_reason = $4, revoked_by_kind = $5,
                            revoked_by_id = $6, revoked_by_name = $7
                        WHERE store_id = $1 AND voucher_id = $2 AND state = 'ISSUED'""")
                .execute(Tuple.from(new Object[] {storeId, UUID.fromString(voucherId), utc(now), reason,
                        by.kind().name(), by.id(), by.displayName()}))
                .replaceWithVoid();
    }

    /** Marks up to {@code limit} lapsed ISSUED vouchers EXPIRED (any replica; rows taken by another are skipped). */
    public Uni<Integer> expireVouchers(SqlClient client, Instant now, int limit) {
        return client.preparedQuery("""
                        UPDATE voucher SET state = 'EXPIRED' WHERE voucher_id IN (
                            SELECT voucher_id FROM voucher WHERE state = 'ISSUED' AND expires_at <= $1
                            ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)""")
                .execute(Tuple.of(utc(now), limit))
                .map(rows -> rows.rowCount());
    }

    /** Position in the voucher list: issue_time desc, voucher_id desc. */
    public record VoucherKey(Instant issueTime, String voucherId) {
    }

    /**
     * Up to {@code limit} vouchers of the store, newest first, after {@code after}, filtered by
     * customer, states (as of {@code now}) and code (null = any).
     */
    public Uni<List<Voucher>> vouchers(SqlClient client, String storeId, String customerId, String[] states,
                                       String code, VoucherKey after, Instant now, int limit) {
        return client.preparedQuery("SELECT " + VOUCHER_COLUMNS + " FROM voucher WHERE store_id = $1"
                        + " AND ($2::text IS NULL OR customer_id = $2)"
                        + " AND ($3::text IS NULL OR code = $3)"
                        + " AND ($4::text[] IS NULL OR (CASE WHEN state = 'ISSUED' AND expires_at <= $5 THEN 'EXPIRED'"
                        + "      ELSE state END) = ANY($4))"
                        + " AND ($6::timestamptz IS NULL OR (issue_time, voucher_id) < ($6, $7::uuid))"
                        + " ORDER BY issue_time DESC, voucher_id DESC LIMIT $8")
                .execute(Tuple.from(new Object[] {storeId, customerId, code, states, utc(now),
                        after == null ? null : utc(after.issueTime()),
                        after == null ? null : UUID.fromString(after.voucherId()), limit}))
                .map(rows -> {
                    List<Voucher> found = new ArrayList<>();
                    rows.forEach(r -> found.add(voucher(r)));
                    return found;
                });
    }

    private static Voucher voucher(Row r) {
        String byKind = r.getString("revoked_by_kind");
        return new Voucher(str(r.getUUID("voucher_id")), r.getString("store_id"), r.getString("customer_id"),
                r.getString("code"), r.getString("product_id"), r.getString("variant_id"), r.getInteger("quantity"),
                Voucher.State.valueOf(r.getString("state")), RewardMapping.causeFromBytes(bytesOf(r, "cause")),
                instant(r, "issue_time"), instant(r, "expires_at"), instant(r, "redeem_time"), r.getString("order_id"),
                instant(r, "revoke_time"), r.getString("revoke_reason"),
                byKind == null ? null : new Actor(Actor.Kind.valueOf(byKind), r.getString("revoked_by_id"),
                        r.getString("revoked_by_name") == null ? "" : r.getString("revoked_by_name")));
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static byte[] bytesOf(Row r, String column) {
        var b = r.getBuffer(column);
        return b == null ? null : b.getBytes();
    }

    static String str(UUID id) {
        return id == null ? null : id.toString();
    }
}
