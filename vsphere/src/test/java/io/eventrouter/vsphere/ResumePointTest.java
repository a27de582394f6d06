package io.eventrouter.vsphere;

import io.eventrouter.vsphere.events.EventCategory;
import io.eventrouter.vsphere.events.VimEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ResumePointTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static Position at(int key, Instant time) {
        return new Position(key, time.atOffset(ZoneOffset.UTC), "id", "Event");
    }

    private static VimEvent event(int key, Instant time) {
        return new VimEvent("GeneralUserEvent", EventCategory.EVENT, "GeneralUserEvent", key,
                time.atOffset(ZoneOffset.UTC), new byte[0]);
    }

    @Test
    void withoutCheckpointStartsAtTheFirstConnectionsTimeAndKeepsIt() {
        ResumePoint resume = new ResumePoint(null, Duration.ofHours(1));
        assertThat(resume.beginTime(NOW)).isEqualTo(NOW);
        assertThat(resume.beginTime(NOW.plusSeconds(600))).isEqualTo(NOW); // a reconnect must not skip the outage
        assertThat(resume.alreadyHandedOn(event(1, NOW))).isFalse();
    }

    @Test
    void resumesFromTheCheckpointClampedToTheMaximumAge() {
        Instant recent = NOW.minusSeconds(60);
        assertThat(new ResumePoint(at(10, recent), Duration.ofHours(1)).beginTime(NOW))
                .isEqualTo(recent.minus(ResumePoint.OVERLAP));
        assertThat(new ResumePoint(at(10, NOW.minus(Duration.ofDays(2))), Duration.ofHours(1)).beginTime(NOW))
                .isEqualTo(NOW.minus(Duration.ofHours(1)));
    }

    @Test
    void afterAnEventResumesFromItAndDropsWhatWasHandedOn() {
        ResumePoint resume = new ResumePoint(at(10, NOW.minusSeconds(60)), Duration.ofHours(1));
        assertThat(resume.alreadyHandedOn(event(10, NOW.minusSeconds(60)))).isTrue();
        assertThat(resume.alreadyHandedOn(event(9, NOW.minusSeconds(61)))).isTrue();
        assertThat(resume.alreadyHandedOn(event(11, NOW.minusSeconds(60)))).isFalse();

        resume.handedOn(at(11, NOW.minusSeconds(5)));
        assertThat(resume.beginTime(NOW.plus(Duration.ofDays(3)))).isEqualTo(NOW.minusSeconds(5)
                .minus(ResumePoint.OVERLAP)); // in-process reconnects are not clamped: vCenter keeps the history
        // a restarted simulator numbers from 1 again: its events are newer, so they are not dropped
        assertThat(resume.alreadyHandedOn(event(3, NOW))).isFalse();
    }

    @Test
    void afterVcentersClockWentBackCollectorsBeginThatMuchEarlierAndReadAgainEventsAreStillDropped() {
        ResumePoint resume = new ResumePoint(null, Duration.ofHours(1));
        resume.handedOn(at(100, NOW));
        resume.clockWentBack(Duration.ofMinutes(5));
        assertThat(resume.beginTime(NOW.minus(Duration.ofMinutes(4)))).isEqualTo(NOW.minus(ResumePoint.OVERLAP)
                .minus(Duration.ofMinutes(5)));

        resume.handedOn(at(101, NOW.minus(Duration.ofMinutes(4)))); // stamped on the stepped clock
        assertThat(resume.alreadyHandedOn(event(99, NOW.minusSeconds(1)))).as("read again from before the step")
                .isTrue();
        assertThat(resume.alreadyHandedOn(event(101, NOW.minus(Duration.ofMinutes(4))))).isTrue();
        assertThat(resume.alreadyHandedOn(event(102, NOW.minus(Duration.ofMinutes(4))))).isFalse();
        resume.clockWentBack(Duration.ofHours(3));
        assertThat(resume.beginTime(NOW)).as("never more than the maximum age")
                .isEqualTo(NOW.minus(Duration.ofMinutes(4)).minus(ResumePoint.OVERLAP).minus(Duration.ofHours(1)));
    }

    @Test
    void aCheckpointNewerThanVcentersClockMeansItWentBackAndResumesTheMaximumAgeBack() {
        ResumePoint resume = new ResumePoint(at(10, NOW), Duration.ofHours(1));
        Instant stepped = NOW.minus(Duration.ofMinutes(5));
        assertThat(resume.clockBehindCheckpoint(stepped)).isTrue();
        assertThat(resume.beginTime(stepped)).isEqualTo(stepped.minus(Duration.ofHours(1)));
        assertThat(new ResumePoint(at(10, NOW), Duration.ofHours(1)).clockBehindCheckpoint(NOW.plusSeconds(1)))
                .isFalse();
    }

    @Test
    void offsetsDoNotConfuseTheComparison() {
        ResumePoint resume = new ResumePoint(new Position(5, OffsetDateTime.parse("2026-06-01T14:00:00+02:00"), "i",
                "E"), Duration.ofHours(1));
        assertThat(resume.alreadyHandedOn(event(5, Instant.parse("2026-06-01T12:00:00Z")))).isTrue();
    }
}
