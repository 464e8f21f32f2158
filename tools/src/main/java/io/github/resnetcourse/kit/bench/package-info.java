/**
 * Internals of {@code ./course bench}: a torchvision-layout ResNet18 for timing, the kit's per-step
 * training work, and one measured case per child process. Not for notebooks: the models package
 * owns the course's architectures.
 */
package io.github.resnetcourse.kit.bench;
