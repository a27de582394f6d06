package io.eventrouter.vsphere.vim25;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeXmlReaderTest {

    @TempDir
    Path temp;

    @Test
    void resolvesXsiTypeByNamespaceWhateverThePrefix() throws Exception {
        String vcsim = """
                <returnval xmlns="urn:vim25" xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" \
                XMLSchema-instance:type="VmPoweredOffEvent"/>""";
        String vcenter = """
                <returnval xmlns="urn:vim25" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                xsi:type="VmPoweredOffEvent"/>""";
        String other = """
                <returnval xmlns:v="urn:vim25" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" \
                i:type="v:VmPoweredOffEvent"/>""";
        for (String xml : new String[]{vcsim, vcenter, other}) {
            XmlElement element = SafeXmlReader.parse(xml);
            assertThat(element.xsiType()).isEqualTo("VmPoweredOffEvent");
            assertThat(element.xsiTypeIsXsd()).isFalse();
        }
    }

    @Test
    void tellsXmlSchemaTypesFromVimTypesByNamespace() throws Exception {
        XmlElement value = SafeXmlReader.parse("""
                <value xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                xsi:type="s:int">42</value>""");
        assertThat(value.xsiType()).isEqualTo("int");
        assertThat(value.xsiTypeIsXsd()).isTrue();
        XmlElement notXsd = SafeXmlReader.parse("""
                <value xmlns:xsd="urn:not-schema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                xsi:type="xsd:int">42</value>""");
        assertThat(notXsd.xsiTypeIsXsd()).isFalse();
    }

    @Test
    void keepsReferencesTextAndChildren() throws Exception {
        XmlElement vm = SafeXmlReader.parse("<vm><name>a &amp; b</name>\n  <vm type=\"VirtualMachine\">vm-57</vm></vm>");
        assertThat(vm.children()).hasSize(2);
        assertThat(vm.childText("name")).isEqualTo("a & b");
        assertThat(vm.child("vm").typeAttribute()).isEqualTo("VirtualMachine");
        assertThat(vm.child("vm").text()).isEqualTo("vm-57");
        assertThat(vm.text()).isEmpty();
    }

    @Test
    void refusesDtdsAndExternalEntities() throws Exception {
        Path secret = temp.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE returnval [<!ENTITY leak SYSTEM "%s">]>
                <returnval>&leak;</returnval>""".formatted(secret.toUri());
        assertThatThrownBy(() -> SafeXmlReader.parse(xxe)).isInstanceOf(VimProtocolException.class)
                .hasMessageContaining("DTD").hasMessageNotContaining("TOP-SECRET");
        String billionLaughs = """
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
                <r>&b;</r>""";
        assertThatThrownBy(() -> SafeXmlReader.parse(billionLaughs)).isInstanceOf(VimProtocolException.class);
    }

    @Test
    void refusesAbsurdNesting() {
        String deep = "<a>".repeat(SafeXmlReader.MAX_DEPTH + 1) + "</a>".repeat(SafeXmlReader.MAX_DEPTH + 1);
        assertThatThrownBy(() -> SafeXmlReader.parse(deep)).isInstanceOf(VimProtocolException.class)
                .hasMessageContaining("deeper");
    }

    @Test
    void reportsMalformedXml() {
        assertThatThrownBy(() -> SafeXmlReader.parse("<returnval><key>1</returnval>"))
                .isInstanceOf(VimProtocolException.class).hasMessageStartingWith("malformed XML");
        assertThatThrownBy(() -> SafeXmlReader.parse("")).isInstanceOf(VimProtocolException.class);
    }
}
