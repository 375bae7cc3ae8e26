package io.laurel.tier.mapping;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.tier.domain.TierDefinition;
import io.laurel.tier.domain.TierProgram;
import io.laurel.proto.program.v1.Tier;

/** program.v1 TierProgram (as the configuration feed carries it) → the domain's copy. */
public final class TierProgramMapping {

    private TierProgramMapping() {
    }

    public static TierProgram toDomain(io.laurel.proto.program.v1.TierProgram p) {
        return new TierProgram(p.getTierProgramId(), p.getStoreId(), p.getVersion(), status(p.getStatus()),
                criterion(p.getCriterion()), window(p.getWindow()),
                p.getTiersList().stream().map(TierProgramMapping::toDomain).toList(),
                ProtoTime.toInstant(p.getUpdateTime()));
    }

    static TierDefinition toDomain(Tier t) {
        return new TierDefinition(t.getTierId(), t.getName(), t.getThreshold(), t.getTag(), t.getRank(),
                t.getPerks().getEarningMultiplierBps(), t.getPerks().getBenefitsList(), t.getPerks().hasEntryReward());
    }

    public static TierProgram.Status status(io.laurel.proto.program.v1.TierProgramStatus status) {
        return switch (status) {
            case TIER_PROGRAM_STATUS_ACTIVE -> TierProgram.Status.ACTIVE;
            case TIER_PROGRAM_STATUS_ARCHIVED -> TierProgram.Status.ARCHIVED;
            // program-service never sends UNSPECIFIED; anything unknown places nobody, like a draft
            case TIER_PROGRAM_STATUS_DRAFT, TIER_PROGRAM_STATUS_UNSPECIFIED, UNRECOGNIZED -> TierProgram.Status.DRAFT;
        };
    }

    static TierProgram.Criterion criterion(io.laurel.proto.program.v1.TierCriterion criterion) {
        return switch (criterion) {
            case TIER_CRITERION_AMOUNT_SPENT -> TierProgram.Criterion.AMOUNT_SPENT;
            case TIER_CRITERION_CUSTOMER_TAG -> TierProgram.Criterion.CUSTOMER_TAG;
            case TIER_CRITERION_POINTS_EARNED, TIER_CRITERION_UNSPECIFIED, UNRECOGNIZED ->
                    TierProgram.Criterion.POINTS_EARNED;
        };
    }

    static TierProgram.Window window(io.laurel.proto.program.v1.TierWindow window) {
        return switch (window) {
            case TIER_WINDOW_LIFETIME -> TierProgram.Window.LIFETIME;
            case TIER_WINDOW_CALENDAR_YEAR -> TierProgram.Window.CALENDAR_YEAR;
            case TIER_WINDOW_ROLLING_365_DAYS_FROM_UPGRADE -> TierProgram.Window.ROLLING_365_DAYS_FROM_UPGRADE;
            case TIER_WINDOW_UNSPECIFIED, UNRECOGNIZED -> TierProgram.Window.NONE;
        };
    }
}
