package io.laurel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.StatusRuntimeException;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.EventOutcome;
import io.laurel.proto.progress.v1.EventResult;
import io.laurel.proto.progress.v1.PointsEarned;
import io.laurel.proto.progress.v1.PointsSource;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.proto.reward.v1.LedgerEntry;
import io.laurel.proto.reward.v1.LedgerServiceGrpc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.RefundPolicy;
import io.laurel.proto.progress.v1.ProgramProgress;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults survived (issue 10 item 6): a stream of grants and orders runs while one process dies
 * ({@code kill -9}) and comes back, Redis stops, or Postgres restarts; the end state equals the run
 * without the fault — every grant counted once, every message delivered once (progress-service
 * answers DUPLICATE to each delivered event sent again), nothing parked, the ledger consistent.
 * Clients retry with the same request_id, as the contracts tell them to.
 */
@ExtendWith(LaurelSuite.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsStoryTest {

    private static final int CUSTOMERS = 8;
    private static final int GRANTS_PER_CUSTOMER = 5;

    @Test
    @Order(1)
    void killingProgressServiceMidStreamLosesAndDoublesNothing() throws Exception {
        streamWithFault("progress", shop -> {
            shop.suite.launcher.kill("progress");
            shop.suite.launcher.restart("progress");
        });
    }

    @Test
    @Order(2)
    void killingRewardServiceMidStreamLosesAndDoublesNothing() throws Exception {
        streamWithFault("reward", shop -> {
            shop.suite.launcher.kill("reward");
            shop.suite.launcher.restart("reward");
        });
    }

    @Test
    @Order(3)
    void killingProgramServiceMidStreamLosesAndDoublesNothing() throws Exception {
        streamWithFault("program", shop -> {
            shop.suite.launcher.kill("program");
            shop.suite.launcher.restart("program");
        });
    }

    @Test
    @Order(4)
    void killingTierServiceMidStreamLosesAndDoublesNothing() throws Exception {
        streamWithFault("tier", shop -> {
            shop.suite.launcher.kill("tier");
            shop.suite.launcher.restart("tier");
        });
    }

    @Test
    @Order(5)
    void restartingPostgresMidStreamRecoversWithoutManualSteps() throws Exception {
        streamWithFault("postgres", shop -> shop.suite.launcher.restartPostgres());
    }

    @Test
    @Order(6)
    void stoppingRedisMidRunKeepsTheViewsRight() throws Exception {
        Shop shop = Shop.open("fault-redis", "UTC");
        // a points-earned program far out of reach: the views move with every grant, no reward is due
        MilestoneProgram earned = shop.program(MilestoneProgram.newBuilder().setInternalName("points earned")
                .setTitle("Earn a million points").setMetric(MilestoneMetric.MILESTONE_METRIC_POINTS_EARNED)
                .setRefundPolicy(RefundPolicy.REFUND_POLICY_KEEP).addMilestones(Shop.pointsAt(1_000_000, 1)));
        Map<String, Long> expected = streamWithFault(shop, s -> {
            s.suite.launcher.stopRedis();
            Shop.awaitDrained(s.suite);
            assertViews(s, earned, s.expectedSoFar);   // served from Postgres while the cache is gone
            s.suite.launcher.startRedis();
        });
        assertViews(shop, earned, expected);
    }

    private static void assertViews(Shop shop, MilestoneProgram program, Map<String, Long> expected) {
        for (Map.Entry<String, Long> customer : expected.entrySet()) {
            ProgramProgress view = Shop.eventuallyUnchecked(() -> shop.shopperView(customer.getKey())).stream()
                    .filter(p -> p.getProgramId().equals(program.getProgramId())).findFirst().orElseThrow();
            assertThat(view.getCurrentValue()).as(customer.getKey() + "'s points-earned progress").isEqualTo(customer.getValue());
        }
    }

    /** A call whose INTERNAL answer (a dependency went away under it; nothing was stored) is retried like UNAVAILABLE. */
    private static <T> T retryingInternal(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.INTERNAL) {
                throw new StatusRuntimeException(io.grpc.Status.UNAVAILABLE.withCause(e));
            }
            throw e;
        }
    }

    private interface Fault {
        void inject(Shop shop) throws Exception;
    }

    private static void streamWithFault(String name, Fault fault) throws Exception {
        streamWithFault(Shop.open("fault-" + name, "UTC"), fault);
    }

    /** Grants to several customers, the fault after a third of them, the rest, then the checks; returns the balances. */
    private static Map<String, Long> streamWithFault(Shop shop, Fault fault) throws Exception {
        List<AdjustPointsRequest> grants = new ArrayList<>();
        Map<String, Long> expected = new LinkedHashMap<>();
        for (int g = 0; g < GRANTS_PER_CUSTOMER; g++) {
            for (int c = 0; c < CUSTOMERS; c++) {
                String customer = "c" + c;
                long points = 10L * (g + 1) + c;
                grants.add(AdjustPointsRequest.newBuilder().setRequestId(Shop.requestId()).setStoreId(shop.store)
                        .setCustomerId(customer).setPointsDelta(points).setReason("stream " + g).setActor(Shop.STAFF).build());
                expected.merge(customer, points, Long::sum);
            }
        }
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = 0; i < grants.size(); i++) {
            if (i == grants.size() / 3) {
                fault.inject(shop);
            }
            AdjustPointsRequest grant = grants.get(i);
            shop.expectedSoFar.merge(grant.getCustomerId(), grant.getPointsDelta(), Long::sum);
            // a client whose call failed retries it with the same request_id (idempotent)
            entries.add(Shop.eventually("grant " + i, Set.of(), () -> retryingInternal(
                    () -> LedgerServiceGrpc.newBlockingStub(shop.channel("reward")).adjustPoints(grant).getEntry())));
        }
        Shop.eventually("reward-service", Set.of(), () -> shop.balance("c0"));
        shop.settleAndCheck();

        for (Map.Entry<String, Long> customer : expected.entrySet()) {
            assertThat(shop.balance(customer.getKey())).as(customer.getKey() + "'s balance").isEqualTo(customer.getValue());
        }
        // every grant reached progress-service once: each event sent again is a DUPLICATE
        List<CustomerEvent> again = entries.stream().map(entry -> CustomerEvent.newBuilder()
                .setEventId("ledger:" + entry.getEntryId()).setStoreId(shop.store).setCustomerId(entry.getCustomerId())
                .setOccurredAt(entry.getEffectiveTime())
                .setPointsEarned(PointsEarned.newBuilder().setLedgerEntryId(entry.getEntryId()).setPoints(entry.getPointsDelta())
                        .setSource(PointsSource.POINTS_SOURCE_MANUAL))
                .build()).toList();
        assertThat(shop.ingest(again.toArray(CustomerEvent[]::new)).getResultsList()).extracting(EventResult::getOutcome)
                .containsOnly(EventOutcome.EVENT_OUTCOME_DUPLICATE);
        return expected;
    }
}
