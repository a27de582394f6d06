package io.eventrouter.eventbridge;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.testing.VcenterEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rule patterns matched locally with AWS's event-ruler: the original's test table (subject list, prefix, VM name in
 * the data, anything-but on an extension, exists:false on a null value) and the rest of EventBridge's syntax.
 */
class PatternMatchingTest {

    private static final CloudEvent POWERED_ON = VcenterEvents.vmEvent("VmPoweredOnEvent", "Linux-1234");
    private static final CloudEvent RECONFIGURED = VcenterEvents.vmEvent("VmReconfiguredEvent", "Linux-1234");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            subject list                         | {"detail":{"subject":["VmPoweredOnEvent","VmPoweredOffEvent"]}}             | true
            subject not in list                  | {"detail":{"subject":["VmPoweredOffEvent"]}}                                | false
            subject prefix                       | {"detail":{"subject":[{"prefix":"Vm"}]}}                                    | true
            subject wildcard                     | {"detail":{"subject":[{"wildcard":"Vm*Event"}]}}                            | true
            VM name prefix in data               | {"detail":{"data":{"Vm":{"Name":[{"prefix":"Linux"}]}}}}                    | true
            VM name wildcard in data             | {"detail":{"data":{"Vm":{"Name":[{"wildcard":"Linux-*"}]}}}}                | true
            no match on VM name Windows          | {"detail":{"data":{"Vm":{"Name":[{"prefix":"Windows"}]}}}}                  | false
            anything-but on extension            | {"detail":{"eventclass":[{"anything-but":["extendedevent","eventex"]}]}}    | true
            anything-but excluding the value     | {"detail":{"eventclass":[{"anything-but":"event"}]}}                        | false
            exists false on null Host            | {"detail":{"data":{"Host":[{"exists":false}]}}}                             | false
            exists false on absent field         | {"detail":{"data":{"Cluster":[{"exists":false}]}}}                          | true
            exists true                          | {"detail":{"data":{"Vm":{"Name":[{"exists":true}]}}}}                       | true
            null value                           | {"detail":{"data":{"Host":[null]}}}                                         | true
            numeric range                        | {"detail":{"data":{"Key":[{"numeric":[">",1000,"<=",2000]}]}}}              | true
            numeric out of range                 | {"detail":{"data":{"Key":[{"numeric":["<",1000]}]}}}                        | false
            suffix                               | {"detail":{"subject":[{"suffix":"OnEvent"}]}}                               | true
            equals-ignore-case                   | {"detail":{"subject":[{"equals-ignore-case":"vmpoweredonevent"}]}}          | true
            or across fields                     | {"$or":[{"detail":{"subject":["Nope"]}},{"detail":{"data":{"Key":[1234]}}}]} | true
            anything-but prefix                  | {"detail":{"subject":[{"anything-but":{"prefix":"Vm"}}]}}                   | false
            top-level source                     | {"source":["https://vcenter.local/sdk"]}                                    | true
            top-level detail-type                | {"detail-type":["VmPoweredOnEvent"]}                                        | true
            account and region                   | {"account":["1234567890"],"region":["us-west-1"]}                           | true
            another account                      | {"account":["999"]}                                                         | false
            CloudEvent attribute                 | {"detail":{"type":["com.vmware.event.router/event"],"vsphereapiversion":[{"prefix":"6."}]}} | true
            """)
    void matchesLikeEventBridge(String name, String pattern, boolean expected) throws Exception {
        RulePattern rule = RulePattern.compile(pattern);

        assertThat(rule.matches(busEvent(POWERED_ON))).isEqualTo(expected);
    }

    /**
     * The original's Quamina tests used {@code shellstyle}, which EventBridge itself refuses in a rule (it never comes
     * back from ListRules); the same cases in EventBridge's spelling, on the original's VmReconfiguredEvent.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            subject with prefix Vm               | {"detail":{"subject":[{"wildcard":"Vm*"}]}}                     | true
            VM name with prefix Linux            | {"detail":{"data":{"Vm":{"Name":[{"wildcard":"Linux*"}]}}}}     | true
            no match on VM name prefix Windows   | {"detail":{"data":{"Vm":{"Name":[{"wildcard":"Windows*"}]}}}}   | false
            """)
    void theOriginalsWildcardCasesInEventBridgeSyntax(String name, String pattern, boolean expected) throws Exception {
        assertThat(RulePattern.compile(pattern).matches(busEvent(RECONFIGURED))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''
            {"detail":
            {"detail":{"subject":"not-a-list"}}
            {"detail":{"subject":[{"shellstyle":"Vm*"}]}}
            """)
    void emptyOrInvalidPatternsAreRefused(String pattern) {
        assertThatThrownBy(() -> RulePattern.compile(pattern))
                .isInstanceOf(IOException.class);
    }

    @Test
    void anEventWithoutSubjectIsMatchedByItsTypeAsDetailType() throws Exception {
        CloudEvent noSubject = CloudEventBuilder.v1(POWERED_ON).withSubject(null).build();

        assertThat(RulePattern.compile("{\"detail-type\":[\"com.vmware.event.router/event\"]}")
                .matches(busEvent(noSubject))).isTrue();
    }

    private static String busEvent(CloudEvent event) {
        return Envelope.of(event).asBusEvent("1234567890", "us-west-1", Instant.parse("2024-01-01T10:00:00.123Z"));
    }
}
