/**
 * Helpers that belong to the lessons and to no other package: the generated upstream and downstream
 * tasks and the small network of lesson 01's offline pretraining demo, the lessons' image grids
 * (samples, augmentations, predictions), their summaries, and {@link
 * io.github.resnetcourse.kit.lessons.ExerciseCheck}, the automatic checks of their exercises.
 */
package io.github.resnetcourse.kit.lessons;
