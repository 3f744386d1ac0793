package dev.pier.providerapp.gateway;

import dev.pier.test.MockCluster;
import org.springframework.test.context.ContextConfiguration;

/** Every token check, unchanged, against a provider whose runtime is a Kubernetes cluster (fabric8's mock). */
@ContextConfiguration(initializers = MockCluster.ProviderOnCluster.class)
class TokenVerificationOnKubernetesTest extends TokenVerificationTest {}
