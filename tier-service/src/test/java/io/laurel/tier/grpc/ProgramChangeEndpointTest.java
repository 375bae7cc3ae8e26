package io.laurel.tier.grpc;

import static io.laurel.tier.grpc.TierFixtures.JANE;
import static io.laurel.tier.grpc.TierFixtures.at;
import static io.laurel.tier.grpc.TierFixtures.newId;
import static io.laurel.tier.grpc.TierFixtures.newStore;
import static io.laurel.tier.grpc.TierFixtures.tier;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.program.v1.TierWindow;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.reward.v1.RecordTierChangeRequest;
import io.laurel.proto.tier.v1.AssignTierRequest;
import io.laurel.proto.tier.v1.CustomerTier;
import io.laurel.proto.tier.v1.GetCustomerTierRequest;
import io.laurel.proto.tier.v1.ListTierHistoryRequest;
import io.laurel.proto.tier.v1.ListTierMembersRequest;
import io.laurel.proto.tier.v1.QualifyingActivityKind;
import io.laurel.proto.tier.v1.RecordCustomerTagsRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityResponse;
import io.laurel.proto.tier.v1.TierChange;
import io.laurel.proto.tier.v1.TierChangeCause;
import io.laurel.proto.tier.v1.TierServiceGrpc.TierServiceBlockingStub;
import io.laurel.proto.tier.v1.TierSource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * New tier program versions over real gRPC and Postgres: a tier removed from the program moves its
 * members down (L-TIER-3) and an archived program ends every tier and manual assignment
 * (L-TIER-12), each recorded in history and sent to reward- and progress-service in the same
 * transaction, booked by the resumable program-change pass or by the customer's next write,
 * whichever comes first.
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_tier"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class ProgramChangeEndpointTest {

    private static final Tier SILVER = tier("silver", "Silver", 1000, 12_500);
    private static final Tier GOLD = tier("gold", "Gold", 5000, 15_000, "Free shipping");
    private static final Tier PLATINUM = tier("platinum", "Platinum", 20_000, 20_000);

    @GrpcClient("tier")
    TierServiceBlockingStub tier;

    @Inject
    TierFixtures fixtures;

    private Instant now() {
        return fixtures.clock().instant();
    }

    /** Points, lifetime, version {@code version} of the store's program, in effect since {@code updated}. */
    private static TierProgram version(String store, long version, TierProgramStatus status, Instant updated,
                                       Tier... tiers) {
        return TierFixtures.program(store, version, status).toBuilder().clearTiers().addAllTiers(List.of(tiers))
                .setUpdateTime(ProtoTime.toProto(updated)).build();
    }

    /** A store whose active program (v2, in effect for a day) has silver, gold and platinum. */
    private String store() {
        String store = newStore();
        fixtures.apply(version(store, 2, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE, now().minusSeconds(86_400),
                SILVER, GOLD, PLATINUM));
        return store;
    }

    private RecordQualifyingActivityResponse earn(String store, String customer, long points) {
        return tier.recordQualifyingActivity(RecordQualifyingActivityRequest.newBuilder().setRequestId(newId())
                .setStoreId(store).setCustomerId(customer).setActivityId(newId())
                .setKind(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_POINTS_EARNED).setPoints(points)
                .setOccurredAt(at(now().minusSeconds(3600))).build());
    }

    private void assign(String store, String customer, String tierId) {
        tier.assignTier(AssignTierRequest.newBuilder().setRequestId(newId()).setStoreId(store).setCustomerId(customer)
                .setTierId(tierId).setReason("VIP complaint").setActor(JANE).build());
    }

    private CustomerTier get(String store, String customer) {
        return tier.getCustomerTier(GetCustomerTierRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .build()).getCustomerTier();
    }

    private List<TierChange> history(String store, String customer) {
        return tier.listTierHistory(ListTierHistoryRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .setPageSize(100).build()).getChangesList();
    }

    private List<TierChange> history(String store, String customer, TierChangeCause cause) {
        return history(store, customer).stream().filter(c -> c.getCause() == cause).toList();
    }

    private List<String> members(String store, String tierId) {
        return tier.listTierMembers(ListTierMembersRequest.newBuilder().setStoreId(store).setTierId(tierId).build())
                .getMembersList().stream().map(CustomerTier::getCustomerId).toList();
    }

    /** Asserts the change went to reward-service (tier, multiplier) and progress-service, keyed by its id. */
    private void assertSent(TierChange change, String programId, String tierId, int multiplierBps) {
        List<TierFixtures.OutboxRow> sent = fixtures.outbox(change.getChangeId());
        assertThat(sent).extracting(TierFixtures.OutboxRow::destination).containsExactly("progress", "reward");
        RecordTierChangeRequest earning = sent.get(1).parse(RecordTierChangeRequest.parser());
        assertThat(earning.getChangeId()).isEqualTo(change.getChangeId());
        assertThat(earning.getTierProgramId()).isEqualTo(programId);
        assertThat(earning.getTierId()).isEqualTo(tierId);
        assertThat(earning.getEarningMultiplierBps()).isEqualTo(multiplierBps);
        assertThat(earning.getEffectiveTime()).isEqualTo(change.getEffectiveTime());
        IngestEventsRequest event = sent.get(0).parse(IngestEventsRequest.parser());
        assertThat(event.getEventsList()).singleElement().satisfies(e -> {
            assertThat(e.getEventId()).isEqualTo(change.getChangeId());
            assertThat(e.getOccurredAt()).isEqualTo(change.getEffectiveTime());
            assertThat(e.getCustomerTierChanged().getTierProgramId()).isEqualTo(programId);
            assertThat(e.getCustomerTierChanged().getTierId()).isEqualTo(tierId);
        });
    }

    private Row storedState(String store, String customer) {
        return fixtures.pool().preparedQuery("SELECT tier_program_id, computed_tier_id, manual_tier_id FROM customer_tier"
                        + " WHERE store_id = $1 AND customer_id = $2")
                .execute(Tuple.of(store, customer)).await().indefinitely().iterator().next();
    }

    @Test
    void l_tier_3_membersOfARemovedTierMoveToTheHighestTierBelowWithHistoryAndBothMessages() {
        String store = store();
        earn(store, "c-gold", 6000);
        earn(store, "c-platinum", 25_000);
        earn(store, "c-silver", 2000);
        Instant removed = now().minusSeconds(10);

        fixtures.apply(version(store, 3, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE, removed, SILVER, PLATINUM));
        assertThat(get(store, "c-gold").getTierId()).as("reads apply it at once").isEqualTo("silver");
        assertThat(history(store, "c-gold", TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED)).as("not booked yet")
                .isEmpty();
        fixtures.runJobs();

        CustomerTier moved = get(store, "c-gold");
        assertThat(moved.getTierId()).isEqualTo("silver");
        assertThat(moved.getEarningMultiplierBps()).isEqualTo(12_500);
        TierChange change = history(store, "c-gold").get(0);
        assertThat(change.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED);
        assertThat(change.getFromTierId()).isEqualTo("gold");
        assertThat(change.getToTierId()).isEqualTo("silver");
        assertThat(change.getOverridden()).isFalse();
        assertThat(change.getEntryRewardedTierIdsList()).isEmpty();
        assertThat(ProtoTime.toInstant(change.getEffectiveTime())).as("when the version took effect").isEqualTo(removed);
        assertSent(change, "tp-" + store, "silver", 12_500);
        assertThat(members(store, "silver")).containsExactly("c-gold", "c-silver");
        for (String untouched : List.of("c-platinum", "c-silver")) {
            assertThat(history(store, untouched, TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED)).isEmpty();
        }

        fixtures.runJobs();
        assertThat(history(store, "c-gold", TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED)).as("booked once")
                .hasSize(1);
    }

    @Test
    void l_tier_3_membersOfARemovedLowestTierHaveNoTierAndEarnAtOneTimes() {
        String store = store();
        earn(store, "c-silver", 2000);

        fixtures.apply(version(store, 3, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE, now().minusSeconds(10),
                GOLD, PLATINUM));
        fixtures.runJobs();

        assertThat(get(store, "c-silver").getTierId()).isEmpty();
        TierChange change = history(store, "c-silver").get(0);
        assertThat(change.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED);
        assertThat(change.getFromTierId()).isEqualTo("silver");
        assertThat(change.getToTierId()).isEmpty();
        assertSent(change, "tp-" + store, "", 10_000);
    }

    @Test
    void l_tier_3_aManualAssignmentToARemovedTierEndsAndTheComputedTierApplies() {
        String store = store();
        Instant assigned = now();
        earn(store, "m-silver", 2000);
        assign(store, "m-silver", "gold");
        assign(store, "m-none", "gold");              // no activity: the pass finds them by their state
        earn(store, "m-kept", 6000);
        assign(store, "m-kept", "platinum");          // a kept tier by hand over a removed computed one
        try {
            fixtures.clock().set(assigned.plusSeconds(60));
            fixtures.apply(version(store, 3, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE, assigned.plusSeconds(50),
                    SILVER, PLATINUM));
            fixtures.runJobs();
        } finally {
            fixtures.clock().set(assigned);
        }

        CustomerTier silver = get(store, "m-silver");
        assertThat(silver.getTierId()).isEqualTo("silver");
        assertThat(silver.getSource()).isEqualTo(TierSource.TIER_SOURCE_COMPUTED);
        assertThat(silver.hasManualAssignment()).isFalse();
        TierChange ended = history(store, "m-silver").get(0);
        assertThat(ended.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED);
        assertThat(ended.getFromTierId()).isEqualTo("gold");
        assertThat(ended.getToTierId()).isEqualTo("silver");
        assertThat(ended.getActor().getId()).isEqualTo("tier-service");
        assertThat(ProtoTime.toInstant(ended.getEffectiveTime())).isEqualTo(assigned.plusSeconds(50));
        assertSent(ended, "tp-" + store, "silver", 12_500);
        assertThat(storedState(store, "m-silver").getString("manual_tier_id")).isNull();

        assertThat(get(store, "m-none").getTierId()).isEmpty();
        TierChange none = history(store, "m-none").get(0);
        assertThat(none.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED);
        assertSent(none, "tp-" + store, "", 10_000);
        assertThat(storedState(store, "m-none").getString("manual_tier_id")).isNull();

        CustomerTier kept = get(store, "m-kept");
        assertThat(kept.getTierId()).isEqualTo("platinum");
        assertThat(kept.getSource()).isEqualTo(TierSource.TIER_SOURCE_MANUAL);
        assertThat(kept.getComputedTierId()).isEqualTo("silver");
        TierChange under = history(store, "m-kept").get(0);
        assertThat(under.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED);
        assertThat(under.getOverridden()).isTrue();
        assertThat(fixtures.outbox(under.getChangeId())).as("the effective tier did not move").isEmpty();
    }

    @Test
    void l_tier_3_aWriteBeforeThePassBooksTheRemovalFirstAndThePassDoesNotRepeatIt() {
        String store = store();
        earn(store, "c-1", 6000);
        fixtures.apply(version(store, 3, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE, now().minusSeconds(10),
                SILVER, PLATINUM));

        RecordQualifyingActivityResponse next = earn(store, "c-1", 100);

        assertThat(next.getCustomerTier().getTierId()).isEqualTo("silver");
        assertThat(next.getChangesList()).singleElement().satisfies(c -> {
            assertThat(c.getCause()).as("not an upgrade out of a tier that is gone")
                    .isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED);
            assertThat(c.getToTierId()).isEqualTo("silver");
            assertSent(c, "tp-" + store, "silver", 12_500);
        });
        fixtures.runJobs();
        assertThat(history(store, "c-1", TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED)).hasSize(1);
    }

    @Test
    void l_tier_3_aTierOfATagProgramRemovedMovesItsMembersToTheNextLowerRank() {
        String store = newStore();
        TierProgram tags = TierFixtures.program(store, 1, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE).toBuilder()
                .setCriterion(TierCriterion.TIER_CRITERION_CUSTOMER_TAG).setWindow(TierWindow.TIER_WINDOW_UNSPECIFIED)
                .clearTiers().addTiers(tagTier("vip", 1, 15_000)).addTiers(tagTier("vvip", 2, 20_000))
                .setUpdateTime(ProtoTime.toProto(now().minusSeconds(86_400))).build();
        fixtures.apply(tags);
        tier.recordCustomerTags(RecordCustomerTagsRequest.newBuilder().setRequestId(newId()).setStoreId(store)
                .setCustomerId("c-1").setActivityId(newId()).setOccurredAt(at(now().minusSeconds(3600)))
                .addTags("vvip").build());
        assertThat(get(store, "c-1").getTierId()).isEqualTo("vvip");

        fixtures.apply(tags.toBuilder().setVersion(2).clearTiers().addTiers(tagTier("vip", 1, 15_000))
                .setUpdateTime(ProtoTime.toProto(now().minusSeconds(10))).build());
        fixtures.runJobs();

        assertThat(members(store, "vip")).containsExactly("c-1");
        TierChange change = history(store, "c-1").get(0);
        assertThat(change.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED);
        assertThat(change.getToTierId()).isEqualTo("vip");
        assertSent(change, "tp-" + store, "vip", 15_000);
    }

    private static Tier tagTier(String id, int rank, int multiplierBps) {
        return Tier.newBuilder().setTierId(id).setName(id.toUpperCase()).setTag(id).setRank(rank)
                .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(multiplierBps)).build();
    }

    @Test
    void l_tier_3_aTierAVersionHasAgainIsATierAgainUntilRemovedAgain() {
        String store = store();
        earn(store, "c-1", 6000);

        fixtures.apply(version(store, 3, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE, now().minusSeconds(20),
                SILVER, PLATINUM));
        fixtures.apply(version(store, 4, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE, now().minusSeconds(10),
                SILVER, GOLD, PLATINUM));
        fixtures.runJobs();

        assertThat(get(store, "c-1").getTierId()).isEqualTo("gold");
        assertThat(history(store, "c-1", TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED)).isEmpty();

        Instant removedAgain = now().minusSeconds(5);
        fixtures.apply(version(store, 5, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE, removedAgain, SILVER, PLATINUM));
        fixtures.runJobs();
        assertThat(history(store, "c-1", TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED)).singleElement()
                .satisfies(c -> assertThat(ProtoTime.toInstant(c.getEffectiveTime())).as("the second removal's time")
                        .isEqualTo(removedAgain));
    }

    @Test
    void l_tier_3_theRemovalPassResumesAfterTheLastCustomerItRecorded() {
        String store = store();
        for (int i = 1; i <= 9; i++) {
            earn(store, "c-" + i, 6000);
        }
        fixtures.apply(version(store, 3, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE, now().minusSeconds(10),
                SILVER, PLATINUM));
        // as if a replica had handled c-1..c-5 and stopped before the rest (the cursor moves with each batch)
        fixtures.pool().preparedQuery("UPDATE tier_program_pass SET after_customer_id = 'c-5' WHERE store_id = $1")
                .execute(Tuple.of(store)).await().indefinitely();

        fixtures.runJobs();

        assertThat(history(store, "c-5", TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED)).isEmpty();
        for (int i = 6; i <= 9; i++) {
            assertThat(history(store, "c-" + i, TierChangeCause.TIER_CHANGE_CAUSE_TIER_REMOVED)).hasSize(1);
        }
        assertThat(fixtures.pool().preparedQuery(
                        "SELECT bool_and(complete_time IS NOT NULL) FROM tier_program_pass WHERE store_id = $1")
                .execute(Tuple.of(store)).await().indefinitely().iterator().next().getBoolean(0)).isTrue();
    }

    @Test
    void l_tier_12_everyTierAndManualAssignmentEndsWithHistoryAndBothMessages() {
        String store = store();
        earn(store, "c-gold", 6000);
        assign(store, "c-manual", "platinum");
        earn(store, "c-none", 300);
        fixtures.runJobs(); // v2's pass is done: the archive opens its own
        Instant archived = now().minusSeconds(10);

        fixtures.apply(version(store, 3, TierProgramStatus.TIER_PROGRAM_STATUS_ARCHIVED, archived,
                SILVER, GOLD, PLATINUM));
        assertThat(get(store, "c-gold").getTierId()).as("an archived program places nobody").isEmpty();
        fixtures.runJobs();

        TierChange gold = history(store, "c-gold").get(0);
        assertThat(gold.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_PROGRAM_ARCHIVED);
        assertThat(gold.getFromTierId()).isEqualTo("gold");
        assertThat(gold.getToTierId()).isEmpty();
        assertThat(gold.getTierProgramId()).isEqualTo("tp-" + store);
        assertThat(ProtoTime.toInstant(gold.getEffectiveTime())).isEqualTo(archived);
        assertSent(gold, "tp-" + store, "", 10_000);

        TierChange manual = history(store, "c-manual").get(0);
        assertThat(manual.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_PROGRAM_ARCHIVED);
        assertThat(manual.getFromTierId()).isEqualTo("platinum");
        assertSent(manual, "tp-" + store, "", 10_000);
        Row stored = storedState(store, "c-manual");
        assertThat(stored.getString("manual_tier_id")).as("the assignment ended").isNull();
        assertThat(stored.getString("computed_tier_id")).isNull();

        assertThat(history(store, "c-none")).isEmpty();
        fixtures.runJobs();
        assertThat(history(store, "c-gold", TierChangeCause.TIER_CHANGE_CAUSE_PROGRAM_ARCHIVED)).as("booked once")
                .hasSize(1);
    }

    @Test
    void l_tier_12_aWriteUnderTheNextProgramBooksTheArchiveFirstAndThePassSkipsTheCustomer() {
        String store = store();
        earn(store, "c-1", 6000);
        fixtures.apply(version(store, 3, TierProgramStatus.TIER_PROGRAM_STATUS_ARCHIVED, now().minusSeconds(20),
                SILVER, GOLD, PLATINUM));
        TierProgram next = version(store, 1, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE, now().minusSeconds(10),
                SILVER, GOLD).toBuilder().setTierProgramId("tp2-" + store).build();
        fixtures.apply(next);

        RecordQualifyingActivityResponse written = earn(store, "c-1", 100);

        TierChange archive = written.getChanges(0);
        assertThat(archive.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_PROGRAM_ARCHIVED);
        assertThat(archive.getTierProgramId()).isEqualTo("tp-" + store);
        assertThat(archive.getFromTierId()).isEqualTo("gold");
        assertSent(archive, "tp-" + store, "", 10_000);
        assertThat(written.getCustomerTier().getTierProgramId()).isEqualTo("tp2-" + store);
        assertThat(written.getCustomerTier().getTierId()).isEqualTo("gold");
        TierChange placed = written.getChanges(1);
        assertThat(placed.getTierProgramId()).isEqualTo("tp2-" + store);
        assertThat(ProtoTime.toInstant(placed.getEffectiveTime()))
                .as("the next program's tier starts with it, after the archive (L-TIER-11)")
                .isEqualTo(ProtoTime.toInstant(next.getUpdateTime()))
                .isAfter(ProtoTime.toInstant(archive.getEffectiveTime()));
        assertSent(placed, "tp2-" + store, "gold", 15_000);
        assertThat(storedState(store, "c-1").getString("tier_program_id")).isEqualTo("tp2-" + store);

        fixtures.runJobs();
        assertThat(history(store, "c-1", TierChangeCause.TIER_CHANGE_CAUSE_PROGRAM_ARCHIVED)).hasSize(1);
    }
}
