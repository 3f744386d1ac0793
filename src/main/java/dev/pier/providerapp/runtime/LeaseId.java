package dev.pier.providerapp.runtime;

/** A lease, as Akash names it: the owner's deployment sequence, group and order. dseq is unique per owner only. */
public record LeaseId(String owner, long dseq, int gseq, int oseq) {

    /** A name safe for paths and logs: {@code <owner>/<dseq>.<gseq>.<oseq>}. */
    public String path() {
        return owner + "/" + dseq + "." + gseq + "." + oseq;
    }
}
