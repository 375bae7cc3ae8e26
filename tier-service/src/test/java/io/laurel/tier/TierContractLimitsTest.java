package io.laurel.tier;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.grpc.RequestShape;
import io.laurel.proto.common.v1.Actor;
import io.laurel.proto.common.v1.ActorKind;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.tier.v1.AssignTierRequest;
import io.laurel.proto.tier.v1.GetCustomerTierRequest;
import io.laurel.proto.tier.v1.ListTierHistoryRequest;
import io.laurel.proto.tier.v1.ListTierMembersRequest;
import io.laurel.proto.tier.v1.QualifyingActivityKind;
import io.laurel.proto.tier.v1.RecordCustomerTagsRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.RemoveManualTierRequest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The limits tier-service's contract states in buf.validate rules (tier_service.proto and the
 * common/v1 Actor and Money it carries), as platform's RequestShapeInterceptor enforces them for
 * every RPC before the service runs (L-API-3): each test breaks one limit and expects its field
 * path, so it fails if the annotation goes. The service's own rules (which fields each activity
 * kind needs, the clock, the store's currency, no SYSTEM actor by hand) are the endpoint tests'.
 */
class TierContractLimitsTest {

    private static final String EMOJI = "\uD83C\uDF89"; // one character, two UTF-16 units
    private static final Actor JANE = Actor.newBuilder().setKind(ActorKind.ACTOR_KIND_MERCHANT_STAFF).setId("jane")
            .setDisplayName("Jane (support)").build();
    private static final Timestamp NOW = Timestamp.newBuilder().setSeconds(1_800_000_000L).build();

    private final RequestShape shape = new RequestShape();

    private List<String> fields(Message request) {
        return shape.violations(request).stream().map(FieldViolation::field).toList();
    }

    private static AssignTierRequest.Builder assign() {
        return AssignTierRequest.newBuilder().setRequestId("r").setStoreId("s").setCustomerId("c").setTierId("gold")
                .setReason("VIP complaint").setActor(JANE);
    }

    private static RecordQualifyingActivityRequest.Builder order() {
        return RecordQualifyingActivityRequest.newBuilder().setRequestId("r").setStoreId("s").setCustomerId("c")
                .setActivityId("a").setKind(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_COMPLETED)
                .setOccurredAt(NOW).setOrderId("o").setAmount(Money.newBuilder().setAmountMinor(100).setCurrencyCode("EUR"));
    }

    private static RecordCustomerTagsRequest.Builder tags() {
        return RecordCustomerTagsRequest.newBuilder().setRequestId("r").setStoreId("s").setCustomerId("c")
                .setActivityId("a").setOccurredAt(NOW);
    }

    @Test
    void wellFormedRequestsKeepEveryLimit() {
        assertThat(fields(assign().build())).isEmpty();
        assertThat(fields(order().build())).isEmpty();
        assertThat(fields(tags().addTags("vip").build())).isEmpty();
    }

    @Test
    void l_api_3_everyIdARequestNamesIsRequired() {
        assertThat(fields(GetCustomerTierRequest.getDefaultInstance())).containsExactly("store_id", "customer_id");
        assertThat(fields(ListTierHistoryRequest.getDefaultInstance())).containsExactly("store_id", "customer_id");
        assertThat(fields(ListTierMembersRequest.getDefaultInstance())).containsExactly("store_id");
        assertThat(fields(AssignTierRequest.getDefaultInstance()))
                .containsExactly("request_id", "store_id", "customer_id", "tier_id", "reason", "actor");
        assertThat(fields(RemoveManualTierRequest.getDefaultInstance()))
                .containsExactly("request_id", "store_id", "customer_id", "reason", "actor");
        assertThat(fields(RecordQualifyingActivityRequest.getDefaultInstance()))
                .containsExactly("request_id", "store_id", "customer_id", "activity_id", "kind", "occurred_at");
        assertThat(fields(RecordCustomerTagsRequest.getDefaultInstance()))
                .containsExactly("request_id", "store_id", "customer_id", "activity_id", "occurred_at");
        assertThat(fields(GetCustomerTierRequest.newBuilder().setStoreId("s").setCustomerId(" ").build()))
                .as("an id of only spaces breaks the id rule").containsExactly("customer_id");
    }

    @Test
    void r_tier_6_aReasonIsOneTo500CharactersNotOnlySpaces() {
        assertThat(fields(assign().setReason(EMOJI.repeat(500)).build())).isEmpty();
        for (String reason : List.of("", "  \n", "r".repeat(501))) {
            assertThat(fields(assign().setReason(reason).build())).as("'%s'", reason).containsExactly("reason");
            assertThat(fields(RemoveManualTierRequest.newBuilder().setRequestId("r").setStoreId("s").setCustomerId("c")
                    .setReason(reason).setActor(JANE).build())).as("'%s'", reason).containsExactly("reason");
        }
    }

    @Test
    void r_tier_6_anActorHasADefinedKindAnIdAndAShortDisplayName() {
        assertThat(fields(assign().setActor(Actor.getDefaultInstance()).build())).containsExactly("actor.kind", "actor.id");
        assertThat(fields(assign().setActor(JANE.toBuilder().setKindValue(9).setId("with space")
                .setDisplayName("n".repeat(201))).build()))
                .containsExactly("actor.kind", "actor.id", "actor.display_name");
        assertThat(fields(assign().setActor(JANE.toBuilder().setDisplayName(EMOJI.repeat(200))).build())).isEmpty();
        assertThat(fields(assign().setActor(JANE.toBuilder().setKind(ActorKind.ACTOR_KIND_SYSTEM)).build()))
                .as("who may act by hand is the RPC's rule, not the contract's").isEmpty();
    }

    @Test
    void r_tier_4_anActivityHasADefinedKindAndPointsNotBelowZero() {
        assertThat(fields(order().setKindValue(6).build())).containsExactly("kind");
        assertThat(fields(order().setPoints(-1).build())).containsExactly("points");
        assertThat(fields(order().setAmount(Money.newBuilder().setAmountMinor(100).setCurrencyCode("EURO")).build()))
                .containsExactly("amount.currency_code");
        assertThat(fields(order().setAmount(Money.newBuilder().setAmountMinor(100).setCurrencyCode("eur")).build()))
                .as("whether ISO 4217 knows the code is the service's").isEmpty();
    }

    @Test
    void r_tier_5_aTagSetHoldsUpTo250TagsOfOneTo255Characters() {
        assertThat(fields(tags().addAllTags(Collections.nCopies(250, EMOJI.repeat(255))).build())).isEmpty();
        assertThat(fields(tags().addAllTags(Collections.nCopies(251, "t")).build())).containsExactly("tags");
        assertThat(fields(tags().addTags("ok").addTags("").addTags("x".repeat(256)).build()))
                .containsExactly("tags[1]", "tags[2]");
    }

    @Test
    void l_api_3_membersAreFilteredByDefinedSources() {
        assertThat(fields(ListTierMembersRequest.newBuilder().setStoreId("s").addSourcesValue(1).addSourcesValue(0)
                .addSourcesValue(4).build())).containsExactly("sources[1]", "sources[2]");
    }
}
