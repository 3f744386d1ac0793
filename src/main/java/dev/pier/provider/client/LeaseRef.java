package dev.pier.provider.client;

/** A lease as the console names it: the provider holding it and its Akash numbers. */
public record LeaseRef(String provider, long dseq, int gseq, int oseq) {

    String path() {
        return "/lease/" + dseq + "/" + gseq + "/" + oseq;
    }
}
