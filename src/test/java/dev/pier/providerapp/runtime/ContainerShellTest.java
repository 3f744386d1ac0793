package dev.pier.providerapp.runtime;

/** The shell tests again, with the replica in a podman container and the shell a {@code podman exec} in a PTY. */
class ContainerShellTest extends ShellTest {

    @Override
    LocalRuntime runtimeUnderTest() {
        return containers();
    }

    @Override
    String replicaDirectory() {
        return "/tmp";
    }
}
