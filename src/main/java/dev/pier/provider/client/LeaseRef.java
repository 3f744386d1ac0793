package dev.pier.provider.client;

/** A lease as the console names it: the provider holding it and its Akash numbers. */
public record LeaseRef(String provider, long dseq, int gseq, int oseq) {

    /** The lease of a deployment with one group and one order, as every deployment of this console has. */
    public static LeaseRef of(String provider, long dseq) {
        return new LeaseRef(provider, dseq, 1, 1);
    }

    String path() {
        return "/lease/" + dseq + "/" + gseq + "/" + oseq;
    }
}
