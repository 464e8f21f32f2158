/**
 * Looking inside residual networks (lesson 05): {@link
 * io.github.resnetcourse.kit.inspect.ResidualCapture} records x, F(x), the shortcut and the output
 * of every residual block in one forward pass, {@link
 * io.github.resnetcourse.kit.inspect.GradientNorms} measures the gradient reaching every weight
 * layer, and {@link io.github.resnetcourse.kit.inspect.ResidualCharts} draws both.
 */
package io.github.resnetcourse.kit.inspect;
