package io.eventrouter.filter;

import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.ConfigTreeReader;
import io.eventrouter.config.References;

import java.util.ArrayList;
import java.util.List;

/** Filters written as YAML, bound and compiled the way the configuration loader does it. */
final class FilterConfigs {

    private FilterConfigs() {
    }

    /** A {@code filters} list in YAML (e.g. {@code "- exact: {type: x}"}), compiled. */
    static EventFilter compile(String yamlList) throws ConfigException {
        return Filters.compile(bind(yamlList), null);
    }

    static List<FilterSpec> bind(String yamlList) throws ConfigException {
        ConfigNode.ListNode list = (ConfigNode.ListNode) ConfigTreeReader.read(yamlList);
        Binder binder = new Binder(References.system());
        List<FilterSpec> specs = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            specs.add(binder.bind(list.items().get(i), FilterSpec.class, ConfigPath.ROOT.field("filters").index(i)));
        }
        return specs;
    }
}
