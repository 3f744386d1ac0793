/** Views' side of provider credentials: the fallback that wraps every provider-backed view. */
@NullMarked
package dev.pier.credentials.ui;

import org.jspecify.annotations.NullMarked;
