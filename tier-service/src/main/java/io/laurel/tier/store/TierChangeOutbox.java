package io.laurel.tier.store;

import io.laurel.platform.outbox.Outbox;
import io.laurel.platform.outbox.OutboxMessage;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import io.laurel.proto.reward.v1.EarningServiceGrpc;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.RewardServiceGrpc;
import io.laurel.tier.domain.TierChange;
import io.laurel.tier.domain.TierDefinition;
import io.laurel.tier.domain.TierProgram;
import io.laurel.tier.mapping.TierChangeMessages;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Announces effective tier changes, in the transaction that records them: reward-service learns the
 * new earning multiplier, progress-service the tier for "tier in set" conditions.
 */
@ApplicationScoped
public class TierChangeOutbox {

    public static final String REWARD = "reward";
    public static final String PROGRESS = "progress";

    private final Outbox outbox;

    public TierChangeOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Enqueues the messages of every change in {@code changes} that moves the effective tier, in one statement. */
    public Uni<Void> announce(SqlConnection tx, List<TierChange> changes, TierProgram program) {
        return outbox.enqueueAll(tx, announcements(changes, program));
    }

    /** Enqueues {@code messages} (announcements and entry rewards) in one statement. */
    public Uni<Void> enqueueAll(SqlConnection tx, List<OutboxMessage> messages) {
        return outbox.enqueueAll(tx, messages);
    }

    /** The messages of every change in {@code changes} that moves the effective tier. */
    public static List<OutboxMessage> announcements(List<TierChange> changes, TierProgram program) {
        List<OutboxMessage> messages = new ArrayList<>();
        for (TierChange c : changes) {
            if (!c.changesEffectiveTier()) {
                continue;
            }
            int multiplier = program == null ? TierDefinition.NO_TIER_MULTIPLIER_BPS : program.multiplierBps(c.toTierId());
            messages.add(OutboxMessage.of(REWARD, EarningServiceGrpc.getRecordTierChangeMethod(),
                    TierChangeMessages.recordTierChange(c, multiplier), c.changeId()));
            messages.add(OutboxMessage.of(PROGRESS, ProgressServiceGrpc.getIngestEventsMethod(),
                    TierChangeMessages.customerTierChanged(c), c.changeId())
                    .orderedBy(c.storeId() + "/" + c.customerId()));   // the last tier wins in progress
        }
        return messages;
    }

    /**
     * The requests of each tier's entry reward to reward-service (R-TIER-2): one IssueReward per tier,
     * keyed by tier program + tier + customer, so it is issued once whatever happens later.
     */
    public static List<OutboxMessage> entryRewards(TierSetup setup, TierChange change, List<String> tierIds) {
        List<OutboxMessage> messages = new ArrayList<>();
        for (String tierId : tierIds) {
            setup.entryRewardTier(tierId).ifPresent(tier -> {
                IssueRewardRequest request = TierChangeMessages.entryReward(change, tier,
                        setup.snapshot().getVersion(), setup.defaultExpiry());
                messages.add(OutboxMessage.of(REWARD, RewardServiceGrpc.getIssueRewardMethod(), request,
                        request.getRequestId()));
            });
        }
        return messages;
    }
}
