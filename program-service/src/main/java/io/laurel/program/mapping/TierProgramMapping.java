package io.laurel.program.mapping;

import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.program.domain.tier.PerkSet;
import io.laurel.program.domain.tier.ProgramStatus;
import io.laurel.program.domain.tier.QualifyingWindow;
import io.laurel.program.domain.tier.TierBasis;
import io.laurel.program.domain.tier.TierDefinition;
import io.laurel.program.domain.tier.TierProgramRules;
import io.laurel.program.domain.tier.TierProgramVersion;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.program.v1.TierWindow;
import java.util.List;
import java.util.Set;

/** proto ↔ domain for tier programs, with the update-mask merge. */
public final class TierProgramMapping {

    private TierProgramMapping() {
    }

    public static TierProgramVersion toDomain(TierProgram p) {
        return new TierProgramVersion(p.getTierProgramId(), p.getStoreId(), p.getInternalName(), toDomain(p.getStatus()),
                toDomain(p.getCriterion()), toDomain(p.getWindow()),
                p.getTiersList().stream().map(TierProgramMapping::toDomain).toList(),
                p.getVersion(),
                p.hasCreateTime() ? ProtoTime.toInstant(p.getCreateTime()) : null,
                p.hasUpdateTime() ? ProtoTime.toInstant(p.getUpdateTime()) : null);
    }

    /** The program a request carries; its output-only fields (times included) are ignored. */
    public static TierProgramVersion fromRequest(TierProgram p) {
        return toDomain(p.toBuilder().clearStatus().clearVersion().clearCreateTime().clearUpdateTime().build());
    }

    static TierDefinition toDomain(Tier t) {
        var perks = t.getPerks();
        return new TierDefinition(t.getTierId(), t.getName(), t.getThreshold(), t.getTag(), t.getRank(),
                new PerkSet(perks.getEarningMultiplierBps(),
                        perks.hasEntryReward() ? MilestoneProgramMapping.toDomain(perks.getEntryReward()) : null,
                        perks.hasEntryRewardExpiry() ? ExpiryPolicyMapping.toDomain(perks.getEntryRewardExpiry()) : null,
                        List.copyOf(perks.getBenefitsList())));
    }

    public static TierBasis toDomain(TierCriterion c) {
        return switch (c) {
            case TIER_CRITERION_POINTS_EARNED -> TierBasis.POINTS_EARNED;
            case TIER_CRITERION_AMOUNT_SPENT -> TierBasis.AMOUNT_SPENT;
            case TIER_CRITERION_CUSTOMER_TAG -> TierBasis.CUSTOMER_TAG;
            case TIER_CRITERION_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static QualifyingWindow toDomain(TierWindow w) {
        return switch (w) {
            case TIER_WINDOW_LIFETIME -> QualifyingWindow.LIFETIME;
            case TIER_WINDOW_CALENDAR_YEAR -> QualifyingWindow.CALENDAR_YEAR;
            case TIER_WINDOW_ROLLING_365_DAYS_FROM_UPGRADE -> QualifyingWindow.ROLLING_365_DAYS_FROM_UPGRADE;
            case TIER_WINDOW_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static ProgramStatus toDomain(TierProgramStatus s) {
        return switch (s) {
            case TIER_PROGRAM_STATUS_DRAFT -> ProgramStatus.DRAFT;
            case TIER_PROGRAM_STATUS_ACTIVE -> ProgramStatus.ACTIVE;
            case TIER_PROGRAM_STATUS_ARCHIVED -> ProgramStatus.ARCHIVED;
            case TIER_PROGRAM_STATUS_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static TierProgram toProto(TierProgramVersion p) {
        var b = TierProgram.newBuilder()
                .setTierProgramId(p.tierProgramId())
                .setStoreId(p.storeId())
                .setInternalName(p.internalName())
                .setStatus(toProto(p.status()))
                .setCriterion(switch (p.criterion()) {
                    case POINTS_EARNED -> TierCriterion.TIER_CRITERION_POINTS_EARNED;
                    case AMOUNT_SPENT -> TierCriterion.TIER_CRITERION_AMOUNT_SPENT;
                    case CUSTOMER_TAG -> TierCriterion.TIER_CRITERION_CUSTOMER_TAG;
                })
                .setWindow(p.window() == null ? TierWindow.TIER_WINDOW_UNSPECIFIED
                        : switch (p.window()) {
                            case LIFETIME -> TierWindow.TIER_WINDOW_LIFETIME;
                            case CALENDAR_YEAR -> TierWindow.TIER_WINDOW_CALENDAR_YEAR;
                            case ROLLING_365_DAYS_FROM_UPGRADE ->
                                    TierWindow.TIER_WINDOW_ROLLING_365_DAYS_FROM_UPGRADE;
                        })
                .setVersion(p.version())
                .setCreateTime(ProtoTime.toProto(p.createTime()))
                .setUpdateTime(ProtoTime.toProto(p.updateTime()));
        for (TierDefinition t : p.tiers()) {
            var perks = TierPerks.newBuilder()
                    .setEarningMultiplierBps(t.perks().earningMultiplierBps())
                    .addAllBenefits(t.perks().benefits());
            if (t.perks().entryReward() != null) {
                perks.setEntryReward(MilestoneProgramMapping.toProto(t.perks().entryReward()));
            }
            if (t.perks().entryRewardExpiry() != null) {
                perks.setEntryRewardExpiry(ExpiryPolicyMapping.toProto(t.perks().entryRewardExpiry()));
            }
            b.addTiers(Tier.newBuilder()
                    .setTierId(t.tierId()).setName(t.name()).setThreshold(t.threshold()).setTag(t.tag())
                    .setRank(t.rank()).setPerks(perks));
        }
        return b.build();
    }

    public static TierProgramStatus toProto(ProgramStatus s) {
        return switch (s) {
            case DRAFT -> TierProgramStatus.TIER_PROGRAM_STATUS_DRAFT;
            case ACTIVE -> TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE;
            case ARCHIVED -> TierProgramStatus.TIER_PROGRAM_STATUS_ARCHIVED;
        };
    }

    /**
     * The settable fields an update with {@code maskPaths} sets (all of them when the mask is empty).
     * Unknown or output-only paths are recorded on {@code v} as {@code update_mask.paths[i]}.
     */
    public static Set<String> maskedFields(List<String> maskPaths, Violations v) {
        for (int i = 0; i < maskPaths.size(); i++) {
            if (!TierProgramRules.FIELDS.contains(maskPaths.get(i))) {
                v.add("update_mask.paths[" + i + "]", "is not a settable field; use one of " + TierProgramRules.FIELDS);
            }
        }
        return maskPaths.isEmpty() ? TierProgramRules.FIELDS : Set.copyOf(maskPaths);
    }

    /**
     * The candidate next values: {@code input}'s fields named by {@code maskPaths} (all settable
     * fields when empty) over {@code current}'s; the paths were checked by {@link #maskedFields}.
     */
    public static TierProgramVersion merge(TierProgramVersion current, TierProgramVersion in, List<String> maskPaths) {
        boolean all = maskPaths.isEmpty();
        Set<String> mask = Set.copyOf(maskPaths);
        return new TierProgramVersion(current.tierProgramId(), current.storeId(),
                all || mask.contains("internal_name") ? in.internalName() : current.internalName(),
                current.status(),
                all || mask.contains("criterion") ? in.criterion() : current.criterion(),
                all || mask.contains("window") ? in.window() : current.window(),
                all || mask.contains("tiers") ? in.tiers() : current.tiers(),
                current.version(), current.createTime(), current.updateTime());
    }
}
