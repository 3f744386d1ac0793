package dev.pier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.pier.account.AccountService;
import dev.pier.account.MasterKey;
import dev.pier.credentials.ProviderCredentials;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.data.repository.Repository;

/** Pier's layering rules, checked on every build. */
@AnalyzeClasses(
        packages = "dev.pier",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NotGeneratedAheadOfTime.class})
class ArchitectureTest {

    /**
     * Leaves out what a -Paot build generates into target/classes (Foo__BeanDefinitions, CGLIB proxies): not Pier's.
     */
    static final class NotGeneratedAheadOfTime implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("__") && !location.contains("$$SpringCGLIB$$");
        }
    }

    @ArchTest
    static final ArchRule features_have_no_cycles = slices().assignedFrom(new FeatureSlices())
            .should()
            .beFreeOfCycles()
            // The security chain names the login view so Vaadin reroutes to it; that is its only link to a view.
            .ignoreDependency("dev.pier.auth.SecurityConfiguration", "dev.pier.auth.ui.LoginView");

    /**
     * A feature is a top-level package; provider.client and the provider application's gateway and runtime are features
     * of their own, and every feature's views are a slice of their own (views sit on top of services and may use
     * several features).
     */
    static final class FeatureSlices implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            String name = type.getPackageName();
            if (!name.startsWith("dev.pier.")) {
                return SliceIdentifier.ignore();
            }
            String[] parts = name.substring("dev.pier.".length()).split("\\.");
            if (parts.length > 1 && parts[parts.length - 1].equals("ui")) {
                return SliceIdentifier.of(String.join(".", parts));
            }
            if ((parts[0].equals("provider") || parts[0].equals("providerapp")) && parts.length > 1) {
                return SliceIdentifier.of(parts[0] + "." + parts[1]);
            }
            return SliceIdentifier.of(parts[0]);
        }

        @Override
        public String getDescription() {
            return "features of dev.pier";
        }
    }

    @ArchTest
    static final ArchRule views_never_touch_repositories = noClasses()
            .that()
            .resideInAPackage("..ui..")
            .should()
            .dependOnClassesThat()
            .areAssignableTo(Repository.class);

    @ArchTest
    static final ArchRule only_views_depend_on_views = noClasses()
            .that()
            .resideOutsideOfPackage("..ui..")
            .and()
            .doNotHaveFullyQualifiedName("dev.pier.auth.SecurityConfiguration")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..ui..")
            .because("services must work without a browser; only the security chain names the login view, "
                    + "so Vaadin reroutes to it instead of reloading the page");

    @ArchTest
    static final ArchRule repositories_stay_inside_their_feature = classes()
            .that()
            .areAssignableTo(Repository.class)
            .and()
            .resideInAPackage("dev.pier..")
            .should()
            .notBePublic()
            .because("a feature's service is its public face");

    @ArchTest
    static final ArchRule the_shared_base_depends_on_no_feature = noClasses()
            .that()
            .resideInAPackage("dev.pier.base..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.pier.auth..", "dev.pier.user..", "dev.pier.deployment..", "dev.pier.provider..");

    @ArchTest
    static final ArchRule what_both_sides_share_depends_on_neither = noClasses()
            .that()
            .resideInAPackage("dev.pier.shared..")
            .should()
            .dependOnClassesThat(DescribedPredicate.describe(
                    "a class of a Pier feature",
                    (JavaClass c) -> c.getPackageName().startsWith("dev.pier.")
                            && !c.getPackageName().startsWith("dev.pier.shared")
                            && !c.getPackageName().equals("dev.pier.base")))
            .because("keys, addresses, ES256K, claims and protocol constants are the console's and the "
                    + "provider's alike");

    @ArchTest
    static final ArchRule the_provider_application_uses_only_what_is_shared = noClasses()
            .that()
            .resideInAnyPackage("dev.pier.providerapp..")
            .should()
            .dependOnClassesThat(DescribedPredicate.describe(
                    "a console feature",
                    (JavaClass c) -> c.getPackageName().startsWith("dev.pier.")
                            && !c.getPackageName().startsWith("dev.pier.providerapp")
                            && !c.getPackageName().startsWith("dev.pier.shared")
                            && !c.getPackageName().startsWith("dev.pier.manifest")
                            && !c.getPackageName().equals("dev.pier.base")))
            .because("the provider is a separate application: it shares the protocol pieces, the manifest and "
                    + "nothing else");

    @ArchTest
    static final ArchRule only_credentials_signs_tokens = noClasses()
            .that()
            .resideOutsideOfPackages("dev.pier.credentials..", "dev.pier.account..")
            .should()
            .callMethod(AccountService.class, "signingKey", long.class)
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.pier.credentials.ProviderTokenIssuer")
            .because("provider tokens come from ProviderCredentials.ensureToken only");

    @ArchTest
    static final ArchRule only_accounts_credentials_and_secrets_use_the_master_key = noClasses()
            .that()
            .resideOutsideOfPackages("dev.pier.credentials..", "dev.pier.account..")
            .and()
            .doNotHaveFullyQualifiedName("dev.pier.deployment.SecretStore")
            .should()
            .dependOnClassesThat()
            .areAssignableTo(MasterKey.class)
            .because("keys and tokens, and deployments' secrets in SecretStore, are the only things sealed with it");

    @ArchTest
    static final ArchRule the_provider_gateway_knows_no_console_feature = noClasses()
            .that()
            .resideInAnyPackage("dev.pier.providerapp..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.pier.auth..",
                    "dev.pier.user..",
                    "dev.pier.deployment..",
                    "dev.pier.base.ui..",
                    "dev.pier.credentials.ui..",
                    "dev.pier.account.ui..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.pier.provider.ProviderService")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.pier.credentials.ProviderCredentials")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.pier.account.AccountService")
            .because("the provider is a separate origin: it shares only pure helpers (keys, addresses, "
                    + "signatures, manifests)");

    @ArchTest
    static final ArchRule the_console_reaches_the_provider_over_the_network_only = noClasses()
            .that()
            .resideOutsideOfPackages("dev.pier.providerapp..")
            .and()
            .doNotHaveFullyQualifiedName("dev.pier.provider.EmbeddedProvider")
            .and()
            .doNotHaveFullyQualifiedName("dev.pier.PierApplication")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.pier.providerapp..")
            .because("only starting the embedded provider is allowed; every call goes over HTTP or WebSocket");

    @ArchTest
    static final ArchRule only_the_provider_client_talks_to_providers = noClasses()
            .that()
            .resideOutsideOfPackages("dev.pier.provider.client..", "dev.pier.providerapp..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("java.net.http..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.net.HttpURLConnection")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.net.Socket")
            .because("every call to a provider goes through ProviderClient");

    @ArchTest
    static final ArchRule tokens_come_only_from_ensure_token = noClasses()
            .that()
            .resideOutsideOfPackages("dev.pier.credentials..", "dev.pier.provider.client..")
            .should()
            .callMethodWhere(JavaCall.Predicates.target(
                    HasOwner.Predicates.With.owner(JavaClass.Predicates.equivalentTo(ProviderCredentials.class))))
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.pier.credentials.TokenStore")
            .because("ProviderCredentials.ensureToken is the only way to a provider token, and only the client "
                    + "asks for one");

    @ArchTest
    static final ArchRule the_provider_client_is_only_the_protocol = noClasses()
            .that()
            .resideInAPackage("dev.pier.provider.client..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.pier.provider")
            .because("the registry, the directory and the API are the provider feature's public face; the client only "
                    + "speaks the protocol to a host it is given");

    @ArchTest
    static final ArchRule one_record_binds_each_prefix = classes()
            .that()
            .areAnnotatedWith(ConfigurationProperties.class)
            .should(new ArchCondition<JavaClass>("bind a prefix no other record binds") {
                private final Map<String, String> seen = new HashMap<>();

                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    var annotation = item.getAnnotationOfType(ConfigurationProperties.class);
                    String prefix = annotation.value().isEmpty() ? annotation.prefix() : annotation.value();
                    String other = seen.putIfAbsent(prefix, item.getName());
                    if (other != null) {
                        events.add(SimpleConditionEvent.violated(
                                item, item.getName() + " binds " + prefix + ", as " + other + " does"));
                    }
                }
            });

    @ArchTest
    static final ArchRule deployment_views_stop_at_the_deployment_services = noClasses()
            .that()
            .resideInAPackage("dev.pier.deployment.ui..")
            .should()
            .dependOnClassesThat(DescribedPredicate.describe(
                    "a class of Pier outside deployment, manifest, base, shared and the views", (JavaClass c) -> {
                        String name = c.getPackageName();
                        return name.startsWith("dev.pier.")
                                && !name.startsWith("dev.pier.deployment")
                                && !name.startsWith("dev.pier.manifest")
                                && !name.startsWith("dev.pier.base")
                                && !name.startsWith("dev.pier.shared")
                                && !name.endsWith(".ui")
                                && !name.contains(".ui.");
                    }))
            .because("the provider client and other features' services are reached through the deployment "
                    + "services; views of other features (the fallback, the account switcher) may be composed");

    @ArchTest
    static final ArchRule vaadin_components_live_in_ui_packages = noClasses()
            .that()
            .resideOutsideOfPackage("..ui..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.vaadin.flow.component..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("com.vaadin.flow.spring.annotation.UIScope")
            .because("services work without a browser; what needs a tab (UI, notifications, UI-scoped beans) is "
                    + "a view's");

    @ArchTest
    static final ArchRule no_field_injection =
            fields().should().notBeAnnotatedWith(Autowired.class).because("dependencies come through constructors");
}
