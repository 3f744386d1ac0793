package dev.pier.providerapp.gateway;

/** What a provider token may be used for, as the Akash provider names the scopes. */
enum Scope {
    LEASE("lease"),
    STATUS("status"),
    SHELL("shell"),
    EVENTS("events"),
    LOGS("logs"),
    SEND_MANIFEST("send-manifest"),
    GET_MANIFEST("get-manifest");

    final String claim;

    Scope(String claim) {
        this.claim = claim;
    }
}
