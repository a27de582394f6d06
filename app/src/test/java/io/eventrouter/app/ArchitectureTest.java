package io.eventrouter.app;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The module and package rules of the README's "Building and layout", checked on the compiled main classes of every
 * module the application is built from. A class's module is where its class file was loaded from
 * ({@code <module>/target/classes} or the module's jar), since some packages (spi, config, checkpoint) span modules.
 */
class ArchitectureTest {

    private static final Set<String> CONNECTORS = Set.of("webhook", "knative", "kubernetes", "vsphere", "horizon",
            "openfaas", "eventbridge", "kafka");

    /** Which modules each shared module may use: each only those below it. */
    private static final Map<String, Set<String>> LAYERS = Map.of(
            "api", Set.of(),
            "config", Set.of("api"),
            "core", Set.of("api", "config"),
            "http-server", Set.of("api", "config", "core"),
            "vcsim", Set.of("api"));

    /** What a connector may use: the SPI, shared configuration, core and the HTTP server. */
    private static final Set<String> CONNECTOR_MAY_USE = Set.of("api", "config", "core", "http-server");

    private static final Pattern JAR = Pattern.compile("/event-router-([a-z-]+?)-\\d[^/]*\\.jar");
    private static final Pattern CLASSES_DIR = Pattern.compile("/([a-z-]+)/target/classes/");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.eventrouter");

    @Test
    void everyModuleIsOnTheClassPathBeingChecked() {
        Set<String> modules = CLASSES.stream().map(ArchitectureTest::module).collect(Collectors.toSet());

        assertThat(modules).as("a rule over modules that were not imported would pass for nothing")
                .containsAll(CONNECTORS).containsAll(LAYERS.keySet()).contains("app");
    }

    @Test
    void theApiDependsOnNoOtherModuleOfTheProject() {
        classesOf("api").should(useOnlyModules(Set.of())).check(CLASSES);
    }

    @Test
    void eachSharedModuleUsesOnlyTheModulesBelowIt() {
        LAYERS.forEach((module, below) -> classesOf(module).should(useOnlyModules(below)).check(CLASSES));
    }

    @Test
    void noConnectorDependsOnAnotherConnectorOnTheApplicationOrOnTestSupport() {
        classes().that(inModule(CONNECTORS)).should(useOnlyModules(CONNECTOR_MAY_USE)).check(CLASSES);
    }

    /**
     * The runner the pull providers share, and its Backoff, stay at the level of the SPI: both providers use them, so
     * they may know nothing of either provider, nor of configuration files or the router's internals.
     */
    @Test
    void theSourceRunnerAndBackoffUseOnlyTheSpiAndCheckpoints() {
        classes().that().resideInAnyPackage("io.eventrouter.source..", "io.eventrouter.retry..")
                .should().onlyDependOnClassesThat(DescribedPredicate.describe("outside the project, or in the SPI, "
                        + "checkpoint, source or retry packages", target -> !isOurs(target)
                        || target.getPackageName().matches("io\\.eventrouter\\.(spi|checkpoint|source|retry)")))
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.eventrouter.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    /**
     * Module-private: a connector's classes (the application finds connectors with ServiceLoader) and any class in an
     * {@code internal} package. Today every package of the shared modules is used by a module above it (what one
     * package keeps to itself is package-private), so the {@code internal} clause guards what is added later.
     */
    @Test
    void internalPackagesAndConnectorsAreUsedOnlyInsideTheirModule() {
        classes().should(beUsedOnlyInsideTheirModuleWhen("in an internal package or a connector",
                target -> CONNECTORS.contains(module(target)) || isInternal(target))).check(CLASSES);
    }

    /** The rule above is not vacuous: told that core's http package were internal, it finds the modules using it. */
    @Test
    void theModulePrivacyRuleReportsAUseFromAnotherModule() {
        ArchRule pretend = classes().should(beUsedOnlyInsideTheirModuleWhen("in core's http package",
                target -> target.getPackageName().equals("io.eventrouter.http")));

        assertThatThrownBy(() -> pretend.check(CLASSES)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("knative uses core: ").hasMessageContaining("app uses core: ");
    }

    static boolean isInternal(JavaClass javaClass) {
        return javaClass.getPackageName().matches(".*\\.internal(\\..*)?");
    }

    private static ArchCondition<JavaClass> beUsedOnlyInsideTheirModuleWhen(String what,
                                                                           Predicate<JavaClass> modulePrivate) {
        return new ArchCondition<>("be used only by classes of their own module when they are " + what
                + ", with no exception") {
            @Override
            public void check(JavaClass target, ConditionEvents events) {
                if (!modulePrivate.test(target)) {
                    return;
                }
                String module = module(target);
                for (Dependency dependency : target.getDirectDependenciesToSelf()) {
                    JavaClass origin = dependency.getOriginClass();
                    if (isOurs(origin) && !module(origin).equals(module)) {
                        events.add(SimpleConditionEvent.violated(dependency, module(origin) + " uses " + module + ": "
                                + dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static GivenClassesConjunction classesOf(String module) {
        return classes().that(inModule(Set.of(module)));
    }

    private static DescribedPredicate<JavaClass> inModule(Set<String> modules) {
        return DescribedPredicate.describe("in module " + String.join(", ", modules),
                javaClass -> modules.contains(module(javaClass)));
    }

    private static ArchCondition<JavaClass> useOnlyModules(Set<String> allowed) {
        return new ArchCondition<>("use no module of the project but " + (allowed.isEmpty() ? "their own" : allowed)) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String own = module(origin);
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass();
                    if (!isOurs(target)) {
                        continue;
                    }
                    String used = module(target);
                    if (!used.equals(own) && !allowed.contains(used)) {
                        events.add(SimpleConditionEvent.violated(dependency, own + " uses " + used + ": "
                                + dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean isOurs(JavaClass javaClass) {
        return javaClass.getPackageName().startsWith("io.eventrouter") && javaClass.getSource().isPresent();
    }

    /** The module a class was loaded from, by its class file's location. */
    static String module(JavaClass javaClass) {
        String location = javaClass.getSource().map(source -> source.getUri().toString()).orElse("");
        Matcher jar = JAR.matcher(location);
        if (jar.find()) {
            return jar.group(1);
        }
        Matcher directory = CLASSES_DIR.matcher(location);
        if (directory.find()) {
            return directory.group(1);
        }
        throw new IllegalStateException("no module for " + javaClass.getName() + " at " + location);
    }
}
