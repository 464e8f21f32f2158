/**
 * Frozen-feature caching: when the backbone of a classifier does not train, its features are
 * computed once per image (or per cached augmented view) and the head trains on them, many times
 * faster than running the frozen backbone every epoch. Keras' "fast feature extraction" and DJL's
 * {@code FeaturizedPreSave}/{@code FitFromFeaturized} follow the same idea; here the head that
 * trains is the classifier's own head block, so a later unfrozen stage continues from it. A
 * learner's frozen stage uses it in one line:
 *
 * <pre>{@code
 * learner.freeze();
 * learner.setFrozenBackbone(FrozenBackbone.CACHED_FEATURES);  // the backbone runs once per image
 * learner.fit(20);                                             // model.head() is now trained
 * }</pre>
 *
 * <p>See {@link io.github.resnetcourse.kit.features.FrozenFeatures} for what changes: batch-norm
 * running statistics stay fixed (as under {@code BatchNormWhenFrozen.FROZEN_STATISTICS}),
 * augmentation is replaced by {@link io.github.resnetcourse.kit.features.TrainingViews}, and the
 * cache lives in a checksummed file keyed by the content of the weights, the pipeline and the data.
 */
package io.github.resnetcourse.kit.features;
