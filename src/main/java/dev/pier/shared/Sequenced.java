package dev.pier.shared;

/** An entry of a lease's stream: {@code seq} grows by one per entry, so a reader resumes after the last it saw. */
public interface Sequenced {

    long seq();
}
