/** Small shared pieces every feature may use: the clock and the exception that carries a person's next step. */
@NullMarked
package dev.pier.base;

import org.jspecify.annotations.NullMarked;
