package dev.pier.user;

/** What a console user may do: ADMIN manages the installation, USER works with their own deployments. */
public enum Role {
    ADMIN,
    USER
}
