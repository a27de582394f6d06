package io.eventrouter.vsphere.events;

import io.cloudevents.CloudEvent;
import io.eventrouter.vsphere.vim25.SafeXmlReader;
import io.eventrouter.vsphere.vim25.XmlElement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, item 4: CloudEvent {@code time} is always in UTC, as the original's SDK wrote it, whatever offset vCenter
 * gave {@code createdTime}.
 */
class Item4UtcTimeTest {

    @ParameterizedTest
    @EnumSource(CloudEventFormat.class)
    void timeIsWrittenInUtc(CloudEventFormat format) throws Exception {
        String xml = """
                <returnval xmlns="urn:vim25" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                xsi:type="GeneralUserEvent"><key>7</key><chainId>7</chainId>\
                <createdTime>2026-12-05T14:00:00.123+02:00</createdTime><userName>u</userName>\
                <fullFormattedMessage>hello</fullFormattedMessage><message>hello</message></returnval>""";
        XmlElement element = SafeXmlReader.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        VimEvent event = EventDecoder.bundled().decode(element);
        assertThat(event.createdTime().getOffset()).isEqualTo(ZoneOffset.ofHours(2)); // as vCenter sent it

        CloudEvent cloudEvent = new CloudEventConverter(URI.create("https://vc.local/sdk"), "8.0", format)
                .convert(event);

        assertThat(cloudEvent.getTime().getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(cloudEvent.getTime()).isEqualTo(OffsetDateTime.parse("2026-12-05T12:00:00.123Z"));
    }
}
