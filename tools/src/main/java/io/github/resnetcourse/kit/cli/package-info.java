/**
 * The commands {@code ./course} runs: {@code doctor} ({@link
 * io.github.resnetcourse.kit.cli.DoctorCommand}), {@code data}, {@code weights}, {@code models} and
 * {@code bench}, each a {@code main} that parses its arguments and calls the kit. They live in the
 * {@code course-tools} module ({@code tools/}), outside the kit's jar, so that neither the kernel
 * nor a notebook loads them; {@code ./course} runs them with this module's jar in front of {@code
 * kernel/target/lib} (see {@code kit_java} in {@code scripts/lib/common.sh}). What a notebook shows
 * of them, the environment report, is the library's {@link io.github.resnetcourse.kit.setup}.
 */
package io.github.resnetcourse.kit.cli;
