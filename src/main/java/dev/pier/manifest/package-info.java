/** The deployment manifest: its model and the strict parser that names the line and column of every mistake. */
@NullMarked
package dev.pier.manifest;

import org.jspecify.annotations.NullMarked;
