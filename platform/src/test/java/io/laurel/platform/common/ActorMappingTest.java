package io.laurel.platform.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.Violations;
import io.laurel.proto.common.v1.ActorKind;
import org.junit.jupiter.api.Test;

class ActorMappingTest {

    @Test
    void everyKindMapsBothWays() {
        for (Actor.Kind kind : Actor.Kind.values()) {
            Actor actor = new Actor(kind, "x", "X");
            assertThat(ActorMapping.toDomain(ActorMapping.toProto(actor))).isEqualTo(actor);
        }
        assertThat(ActorMapping.toProto(new Actor(Actor.Kind.MERCHANT_STAFF, "jane", "Jane")).getKind())
                .isEqualTo(ActorKind.ACTOR_KIND_MERCHANT_STAFF);
    }

    @Test
    void anUnsetOrUnknownKindMapsToNothing() {
        assertThat(ActorMapping.toDomain(io.laurel.proto.common.v1.Actor.newBuilder().setId("x").build())).isNull();
        assertThat(ActorMapping.toDomain(io.laurel.proto.common.v1.Actor.newBuilder().setKindValue(99).build())).isNull();
    }

    @Test
    void aMissingDisplayNameIsEmptyAndTheServiceActsAsSystem() {
        assertThat(new Actor(Actor.Kind.PLATFORM, "shopify", null).displayName()).isEmpty();
        assertThat(Actor.system("tier-service")).isEqualTo(new Actor(Actor.Kind.SYSTEM, "tier-service", ""));
    }
}
