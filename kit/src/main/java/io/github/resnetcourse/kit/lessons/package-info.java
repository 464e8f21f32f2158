/**
 * Helpers that belong to one lesson only and to no other package: the generated upstream and
 * downstream tasks and the small network of lesson 01's offline pretraining demo.
 */
package io.github.resnetcourse.kit.lessons;
