/**
 * What the console and the provider share, and nothing else: secp256k1 keys, Cosmos addresses, ES256K signatures, the
 * Akash provider JWT claims and the wire protocol's constants. It depends on no feature of either side.
 */
@NullMarked
package dev.pier.shared;

import org.jspecify.annotations.NullMarked;
