/** Small shared pieces every feature may use: the clock and the exception that carries a person's next step. */
package dev.pier.base;
