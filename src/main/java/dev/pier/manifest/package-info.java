/** The deployment manifest: its model and the strict parser that names the line and column of every mistake. */
package dev.pier.manifest;
