/** Views' side of provider credentials: the fallback that wraps every provider-backed view. */
package dev.pier.credentials.ui;
