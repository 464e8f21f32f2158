/**
 * Export for inference: a trained classifier saved as a self-describing folder (DJL's parameter
 * file and a small JSON descriptor of the architecture, head, classes and preprocessing) that a
 * separate Java program loads with the kit, in a fresh process, and predicts with.
 */
package io.github.resnetcourse.kit.export;
